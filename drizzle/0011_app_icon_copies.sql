-- A copy of the picture an app's icon_url names, taken when the app is registered through the API and
-- served by genshelf (api/services/app-icons.ts): base64 bytes and their type. An SVG goes to icon_svg.
ALTER TABLE `apps` ADD `icon_image` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `icon_mime` text;