import { z } from '@hono/zod-openapi';
import { eventTypes } from '../db/schema/index.ts';

const eventFields = {
  asset_id: z.string().min(1).max(128),
  type: z.enum(eventTypes),
  at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When it happened (default: now); at most 5 minutes ahead, at most 400 days back' }),
  id: z.string().min(1).max(128).optional().openapi({ description: "The client's id for the event: sending it again records nothing twice" }),
};

const EventInput = z.object(eventFields).strict().openapi('UsageEvent');

/** One event, or `{events: [...]}` with up to 100 — one object schema, so every error names its field. */
export const EventsBody = z
  .object({ events: z.array(EventInput).min(1).max(100).optional(), ...z.object(eventFields).partial().shape })
  .strict()
  .superRefine((b, ctx) => {
    const single = b.asset_id !== undefined || b.type !== undefined || b.at !== undefined || b.id !== undefined;
    if (b.events && single) ctx.addIssue({ code: 'custom', path: ['events'], message: 'send either one event or `events`, not both' });
    if (!b.events) {
      if (b.asset_id === undefined) ctx.addIssue({ code: 'custom', path: ['asset_id'], message: 'required' });
      if (b.type === undefined) ctx.addIssue({ code: 'custom', path: ['type'], message: 'required' });
    }
  })
  .transform((b) => (b.events ?? [{ asset_id: b.asset_id!, type: b.type!, at: b.at, id: b.id }]).map((e) => ({ ...e, at: e.at === undefined ? undefined : Date.parse(e.at) })))
  .openapi('UsageEvents', { description: 'One event, or `{events: [...]}` (up to 100). Send an `Idempotency-Key` header (or event ids) so a retry records nothing twice.' });

export type EventInput = z.output<typeof EventsBody>[number];

export const EventsHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'Events without an id get ids derived from this key, so a retried request records nothing twice' }),
});

export const EventsResultSchema = z
  .object({
    recorded: z.number().int().openapi({ description: 'Events recorded now' }),
    duplicates: z.number().int().openapi({ description: 'Events that had been recorded already (a retry)' }),
  })
  .openapi('EventsResult');
