-- A number per owner, raised by every change to the owner's jobs, assets and projects: a list
-- page read at a version is still right while the version has not moved (api/services/owner-versions.ts).
-- No row means version 0. A row that changes owner (a claimed session's jobs) raises both owners.
CREATE TABLE `owner_versions` (
	`owner` text PRIMARY KEY NOT NULL,
	`v` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `jobs_version_ai` AFTER INSERT ON `jobs` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (new.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_version_au` AFTER UPDATE ON `jobs` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
  INSERT INTO owner_versions(owner, v) SELECT new.owner, 1 WHERE new.owner <> old.owner ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_version_ad` AFTER DELETE ON `jobs` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assets_version_ai` AFTER INSERT ON `assets` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (new.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assets_version_au` AFTER UPDATE ON `assets` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
  INSERT INTO owner_versions(owner, v) SELECT new.owner, 1 WHERE new.owner <> old.owner ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assets_version_ad` AFTER DELETE ON `assets` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `projects_version_ai` AFTER INSERT ON `projects` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (new.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `projects_version_au` AFTER UPDATE ON `projects` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
  INSERT INTO owner_versions(owner, v) SELECT new.owner, 1 WHERE new.owner <> old.owner ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `projects_version_ad` AFTER DELETE ON `projects` BEGIN
  INSERT INTO owner_versions(owner, v) VALUES (old.owner, 1) ON CONFLICT(owner) DO UPDATE SET v = v + 1;
END;
