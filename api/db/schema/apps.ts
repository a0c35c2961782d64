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
  /** Or an http(s) image of the operator's: copied when given through the API (below, or into `iconSvg`), kept as a link from `APPS_FILE`. */
  iconUrl: text('icon_url'),
  /**
   * The copy of `iconUrl`'s picture (PNG, JPEG, GIF, WebP or AVIF; an SVG goes to `iconSvg`), served
   * at `/api/v1/apps/:id/icon`; base64, which reads back the same from libSQL and D1.
   */
  iconImage: text('icon_image'),
  /** `iconImage`'s type, as its bytes say. */
  iconMime: text('icon_mime'),
  /** "Open in app" / "Generate again" link: http(s) with `{job_id}`, `{project_id}`, `{app_id}` placeholders. */
  hrefTemplate: text('href_template'),
  updatedAt: integer('updated_at').notNull().default(0),
});

export type AppRow = typeof apps.$inferSelect;
