CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`icon` text NOT NULL,
	`color` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`app_id` text,
	`name` text NOT NULL,
	`type` text DEFAULT 'general' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`thumbnail_asset_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_owner_created` ON `projects` (`owner`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `projects_owner_name` ON `projects` (`owner`,`deleted_at`,`name`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `projects_owner_app_name_live` ON `projects` (`owner`,`app_id`,`name`) WHERE deleted_at is null;--> statement-breakpoint
CREATE TABLE `job_counts` (
	`owner` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`credits` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`owner`, `status`)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`owner` text NOT NULL,
	`app_id` text NOT NULL,
	`project_id` text,
	`asset_type` text,
	`brand_kit_id` text,
	`task_id` text,
	`prompt` text DEFAULT '' NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`error_message` text,
	`credit_used` real DEFAULT 0 NOT NULL,
	`retry_of` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_id` ON `jobs` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_app_task` ON `jobs` (`app_id`,`task_id`) WHERE task_id is not null;--> statement-breakpoint
CREATE INDEX `jobs_owner_created` ON `jobs` (`owner`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_owner_status_created` ON `jobs` (`owner`,`status`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_owner_app_created` ON `jobs` (`owner`,`app_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_owner_type_created` ON `jobs` (`owner`,`asset_type`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_owner_project_created` ON `jobs` (`owner`,`project_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_deleted` ON `jobs` (`deleted_at`);--> statement-breakpoint
CREATE TABLE `assets` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`job_id` text NOT NULL,
	`owner` text NOT NULL,
	`kind` text NOT NULL,
	`asset_type` text,
	`title` text,
	`blob_key` text,
	`source_url` text,
	`text_content` text,
	`mime` text,
	`width` integer,
	`height` integer,
	`duration_ms` integer,
	`size` integer,
	`etag` text,
	`is_public` integer DEFAULT false NOT NULL,
	`viral_score` real,
	`favorite` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assets_id_unique` ON `assets` (`id`);--> statement-breakpoint
CREATE INDEX `assets_job` ON `assets` (`job_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assets_owner_created` ON `assets` (`owner`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `assets_owner_kind_created` ON `assets` (`owner`,`kind`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`owner` text PRIMARY KEY NOT NULL,
	`preferences` text DEFAULT '{}' NOT NULL,
	`integrations` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
