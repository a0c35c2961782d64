CREATE TABLE `blob_uploads` (
	`key` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `blob_uploads_started` ON `blob_uploads` (`started_at`);--> statement-breakpoint
CREATE INDEX `blob_uploads_owner` ON `blob_uploads` (`owner`);