import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The generator apps shown in the UI: data, not code. Operators register theirs with
 * `PUT /api/v1/apps/:id` or `APPS_FILE`; the six sample apps come with the sample data.
 */
export const apps = sqliteTable('apps', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** A short text icon (an emoji), for seed 000's `appIcon`; '' when the app has a drawn one only. */
  icon: text('icon').notNull(),
  /** A CSS colour: a palette name (purple, blue, …) or any colour `color-string` reads. */
  color: text('color').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  /** The app's icon as SVG markup, checked against an allow-list when written (api/lib/svg-icon.ts). */
  iconSvg: text('icon_svg'),
  /** Or an http(s) image of the operator's. */
  iconUrl: text('icon_url'),
  /** "Open in app" / "Generate again" link: http(s) with `{job_id}`, `{project_id}`, `{app_id}` placeholders. */
  hrefTemplate: text('href_template'),
  updatedAt: integer('updated_at').notNull().default(0),
});

export type AppRow = typeof apps.$inferSelect;
