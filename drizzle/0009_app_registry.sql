ALTER TABLE `apps` ADD `icon_svg` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `icon_url` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `href_template` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The six sample apps that 0001 inserted become sample data (api/sample/apps.ts, seeded with the
-- rest of it): a database that never used one no longer has it. Ones in use stay, as they are.
DELETE FROM `apps` WHERE `id` IN ('video-mixer', 'carousel-mix', 'text-to-video', 'brand-studio', 'anime-motion', 'product-studio')
  AND NOT EXISTS (SELECT 1 FROM `jobs` WHERE `jobs`.`app_id` = `apps`.`id`)
  AND NOT EXISTS (SELECT 1 FROM `projects` WHERE `projects`.`app_id` = `apps`.`id`);
