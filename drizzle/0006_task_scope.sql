DROP INDEX `jobs_app_task`;--> statement-breakpoint
ALTER TABLE `jobs` ADD `task_scope` text;--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_task` ON `jobs` (`task_scope`,`app_id`,`task_id`) WHERE task_id is not null;