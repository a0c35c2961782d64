/**
 * `npm run db:migrate`: applies drizzle/ migrations to the database in TURSO_DATABASE_URL
 * (with TURSO_AUTH_TOKEN) or DATABASE_URL. For D1 use `wrangler d1 migrations apply genshelf`.
 */
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { migrationsFolder } from '../api/node.ts';

const url = process.env.TURSO_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('Set TURSO_DATABASE_URL (and TURSO_AUTH_TOKEN) or DATABASE_URL to the database to migrate.');
  process.exit(1);
}
const client = createClient({ url, authToken: process.env.TURSO_AUTH_TOKEN });
await migrate(drizzle(client), { migrationsFolder });
client.close();
console.log(`migrated ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
