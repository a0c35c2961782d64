import { createRoute, z } from '@hono/zod-openapi';
import { asc } from 'drizzle-orm';
import { apps } from '../db/schema/apps.ts';
import { revalidate } from '../lib/revalidate.ts';
import { createRouter } from '../lib/router.ts';
import { json } from '../schemas/common.ts';

const AppSchema = z
  .object({ id: z.string(), name: z.string(), icon: z.string(), color: z.string(), description: z.string() })
  .openapi('App');

const list = createRoute({
  method: 'get',
  path: '/api/v1/apps',
  tags: ['Apps'],
  summary: 'The registry of generator apps (names, icons, colours)',
  middleware: [revalidate] as const,
  responses: { 200: json(z.object({ apps: z.array(AppSchema) }), 'All registered apps') },
});

export const appsRouter = createRouter().openapi(list, async (c) => {
  const rows = await c.var.deps.db.select().from(apps).orderBy(asc(apps.position), asc(apps.id));
  return c.json({ apps: rows.map(({ id, name, icon, color, description }) => ({ id, name, icon, color, description })) }, 200);
});
