import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema/index.ts';

/**
 * The database handle every service uses. Node and the Turso Worker path use drizzle's libSQL
 * driver; the D1 path uses drizzle's D1 driver, whose query-builder and `batch` API is the same
 * (services only use the builder, `sql` fragments and `.returning()`, never driver-specific results).
 */
export type Db = LibSQLDatabase<typeof schema>;
