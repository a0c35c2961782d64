CREATE TABLE `blob_deletions` (
	`key` text PRIMARY KEY NOT NULL,
	`not_before` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `blob_deletions_due` ON `blob_deletions` (`not_before`);--> statement-breakpoint
CREATE INDEX `assets_blob_key` ON `assets` (`blob_key`);--> statement-breakpoint
CREATE INDEX `assets_deleted` ON `assets` (`deleted_at`);