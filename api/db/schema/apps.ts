import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The generator apps shown in the UI (name, icon, colour). Rows are added by migrations. */
export const apps = sqliteTable('apps', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** An emoji: renders everywhere without an icon font. */
  icon: text('icon').notNull(),
  /** A CSS colour name from the seed palette (purple, blue, …). */
  color: text('color').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
});

export type AppRow = typeof apps.$inferSelect;
