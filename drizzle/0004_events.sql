-- WITHOUT ROWID: range reads walk the primary key itself, with no lookup per row.
CREATE TABLE `event_buckets` (
	`owner` text NOT NULL,
	`bucket` integer NOT NULL,
	`view` integer DEFAULT 0 NOT NULL,
	`click` integer DEFAULT 0 NOT NULL,
	`download` integer DEFAULT 0 NOT NULL,
	`share` integer DEFAULT 0 NOT NULL,
	`conversion` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`owner`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `event_totals` (
	`owner` text NOT NULL,
	`asset_id` text NOT NULL,
	`type` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`owner`, `asset_id`, `type`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `event_totals_top` ON `event_totals` (`owner`,`type`,`n`);--> statement-breakpoint
CREATE TABLE `events` (
	`owner` text NOT NULL,
	`id` text NOT NULL,
	`asset_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`owner`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `events_owner_at` ON `events` (`owner`,`at`,`type`);--> statement-breakpoint
CREATE INDEX `events_owner_asset` ON `events` (`owner`,`asset_id`,`type`);--> statement-breakpoint
-- Roll-ups kept exact by triggers (like job_counts): 15-minute slots with a column per type
-- for period totals and day series in any time zone (every zone's midnight is on a slot
-- boundary), all-time per-asset totals for top assets. 900000 = BUCKET_MS.
CREATE TRIGGER `events_rollup_ai` AFTER INSERT ON `events` BEGIN
  INSERT INTO event_buckets(owner, bucket, view, click, download, share, conversion)
  VALUES (new.owner, new.at - (new.at % 900000), new.type = 'view', new.type = 'click', new.type = 'download', new.type = 'share', new.type = 'conversion')
  ON CONFLICT(owner, bucket) DO UPDATE SET view = view + excluded.view, click = click + excluded.click,
    download = download + excluded.download, share = share + excluded.share, conversion = conversion + excluded.conversion;
  INSERT INTO event_totals(owner, asset_id, type, n) VALUES (new.owner, new.asset_id, new.type, 1)
  ON CONFLICT(owner, asset_id, type) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_rollup_ad` AFTER DELETE ON `events` BEGIN
  UPDATE event_buckets SET view = view - (old.type = 'view'), click = click - (old.type = 'click'), download = download - (old.type = 'download'),
    share = share - (old.type = 'share'), conversion = conversion - (old.type = 'conversion')
  WHERE owner = old.owner AND bucket = old.at - (old.at % 900000);
  UPDATE event_totals SET n = n - 1 WHERE owner = old.owner AND asset_id = old.asset_id AND type = old.type;
END;
--> statement-breakpoint
-- Moving events (an anonymous session claimed by its user) moves their counts.
CREATE TRIGGER `events_rollup_au` AFTER UPDATE OF owner, asset_id, type, at ON `events` BEGIN
  UPDATE event_buckets SET view = view - (old.type = 'view'), click = click - (old.type = 'click'), download = download - (old.type = 'download'),
    share = share - (old.type = 'share'), conversion = conversion - (old.type = 'conversion')
  WHERE owner = old.owner AND bucket = old.at - (old.at % 900000);
  UPDATE event_totals SET n = n - 1 WHERE owner = old.owner AND asset_id = old.asset_id AND type = old.type;
  INSERT INTO event_buckets(owner, bucket, view, click, download, share, conversion)
  VALUES (new.owner, new.at - (new.at % 900000), new.type = 'view', new.type = 'click', new.type = 'download', new.type = 'share', new.type = 'conversion')
  ON CONFLICT(owner, bucket) DO UPDATE SET view = view + excluded.view, click = click + excluded.click,
    download = download + excluded.download, share = share + excluded.share, conversion = conversion + excluded.conversion;
  INSERT INTO event_totals(owner, asset_id, type, n) VALUES (new.owner, new.asset_id, new.type, 1)
  ON CONFLICT(owner, asset_id, type) DO UPDATE SET n = n + 1;
END;
