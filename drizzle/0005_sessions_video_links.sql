CREATE TABLE `anon_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`claimed_by` text,
	`claimed_at` integer
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key`, `window`)
);
--> statement-breakpoint
CREATE TABLE `task_runs` (
	`task` text PRIMARY KEY NOT NULL,
	`last_run_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `video_links` (
	`proxy_id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`access_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_links_asset_id_unique` ON `video_links` (`asset_id`);--> statement-breakpoint
CREATE INDEX `video_links_expires` ON `video_links` (`expires_at`);