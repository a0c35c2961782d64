import { z } from '@hono/zod-openapi';

/** An owner's storage against their quota (`GET /api/v1/usage`, and `quota` in the insights stats). */
export const UsageSchema = z
  .object({
    used_bytes: z.number().int().nonnegative().openapi({ description: "Bytes of the owner's stored files, the trash included until it is purged (a file shared by copies counts once)" }),
    trash_bytes: z.number().int().nonnegative().openapi({ description: 'Of `used_bytes`, the files in the trash' }),
    quota_bytes: z.number().int().positive().nullable().openapi({ description: '`QUOTA_BYTES_USER` for users, `QUOTA_BYTES_ANON` for anonymous sessions; null: no limit' }),
  })
  .openapi('Usage');

/** No parameters: usage is always the caller's own (a parameter naming someone else is refused, not ignored). */
export const UsageQuery = z.object({}).strict();
