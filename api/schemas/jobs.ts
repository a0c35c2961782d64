import { z } from '@hono/zod-openapi';
import { assetKinds } from '../db/schema/assets.ts';
import { jobStatuses } from '../db/schema/jobs.ts';
import { isoInstant, queryBool, queryInt, storedJsonObject } from './common.ts';

export const JobStatusSchema = z.enum(jobStatuses).openapi('JobStatus');

/** The canonical Job (seed 001's JobResponse fields, snake_case, plus genshelf's own). */
export const JobSchema = z
  .object({
    id: z.string(),
    user_id: z.string().nullable().openapi({ description: 'The owner\'s user id (null for anonymous sessions)' }),
    session_id: z.string().nullable().openapi({ description: 'The anonymous session that owns the job, if any' }),
    app_id: z.string(),
    project_id: z.string().nullable(),
    project_name: z.string().nullable(),
    brand_kit_id: z.string().nullable(),
    asset_type: z.string().nullable(),
    task_id: z.string().nullable().openapi({ description: 'The generator back-end\'s own id for the run' }),
    prompt: z.string(),
    params: z.record(z.string(), z.unknown()),
    status: JobStatusSchema,
    progress: z.number().int().min(0).max(100),
    error_message: z.string().nullable(),
    credit_used: z.number(),
    retry_of: z.string().nullable(),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
    completed_at: z.string().nullable().openapi({ format: 'date-time' }),
    deleted_at: z.string().nullable().openapi({ format: 'date-time' }),
    thumbnail_url: z.string().nullable().openapi({ description: "A signed URL of the image that pictures the job: its `thumbnail` asset, else its first image (null until it has one)" }),
  })
  .openapi('Job');

export const jobSorts = ['newest', 'oldest'] as const;

const statusList = z
  .string()
  .max(100)
  .transform((v, ctx) => {
    const parts = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
    for (const p of parts) {
      if (!(jobStatuses as readonly string[]).includes(p)) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${p}"; expected one of ${jobStatuses.join(', ')}` });
        return z.NEVER;
      }
    }
    return parts as (typeof jobStatuses)[number][];
  })
  .openapi({ description: 'One status or a comma-separated list', example: 'queued,processing' });

export const JobListQuery = z
  .object({
    status: statusList.optional(),
    app: z.string().min(1).max(64).optional(),
    asset_type: z.string().min(1).max(64).optional(),
    kind: z.enum(assetKinds).optional().openapi({ description: 'Jobs with at least one output of this kind (image, video, text, archive)' }),
    project_id: z.string().min(1).max(128).optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Substring search in prompts' }),
    from: isoInstant().optional().openapi({ description: 'Created at or after (ISO 8601)' }),
    to: isoInstant().optional().openapi({ description: 'Created before (ISO 8601)' }),
    sort: z
      .enum(['newest', 'oldest', 'latest', '-created_at', 'created_at', 'name'])
      .optional()
      .default('newest')
      .openapi({ description: '`name`: by project name A→Z (jobs without one last), then newest first' }),
    trashed: queryBool().optional().openapi({ description: 'List the trash instead of live jobs' }),
    exact_total: queryBool().optional().openapi({ description: 'With q: count every match, even for very common terms (slower)' }),
    limit: queryInt().pipe(z.number().int().min(1).max(100)).optional().default(20),
    offset: queryInt().pipe(z.number().int().min(0).max(1_000_000)).optional(),
    cursor: z.string().min(1).max(2048).optional().openapi({ description: 'Opaque keyset cursor from next_cursor' }),
  })
  .refine((q) => q.offset === undefined || q.cursor === undefined, { message: 'use either offset or cursor, not both', path: ['cursor'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });

export type JobListQueryInput = z.output<typeof JobListQuery>;

export const JobListSchema = z
  .object({
    jobs: z.array(JobSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int().nullable(),
    next_cursor: z.string().nullable(),
    has_more: z.boolean(),
  })
  .openapi('JobList');

export const JobStatsSchema = z
  .object({
    total: z.number().int(),
    queued: z.number().int(),
    processing: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    partial: z.number().int(),
    credits_used: z.number(),
  })
  .openapi('JobStats');

export const JobFacetsSchema = z
  .object({ asset_types: z.array(z.string()).openapi({ description: 'Every asset type among your live jobs, A→Z (for a type filter)' }) })
  .openapi('JobFacets');

const ownerFields = {
  user_id: z.string().min(1).max(256).optional().openapi({ description: 'Owner (a user\'s JWT subject); service calls only' }),
  session_id: z.string().min(1).max(128).optional().openapi({ description: 'Owner (an anonymous session); service calls only' }),
};

const params = storedJsonObject(32_768);

export const JobCreateBody = z
  .object({
    ...ownerFields,
    app_id: z.string().min(1).max(64),
    project_id: z.string().min(1).max(128).optional(),
    project_name: z.string().trim().min(1).max(200).optional(),
    asset_type: z.string().min(1).max(64).optional(),
    brand_kit_id: z.string().min(1).max(128).optional(),
    task_id: z.string().min(1).max(256).optional().openapi({ description: 'Idempotency: a second create with the same app_id + task_id returns the first job' }),
    prompt: z.string().max(10_000).optional().default(''),
    params: params.optional().default({}),
    status: JobStatusSchema.optional().default('queued'),
    progress: z.number().int().min(0).max(100).optional(),
    error_message: z.string().max(2000).optional(),
    credit_used: z.number().min(0).max(1e9).optional().default(0),
    created_at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'For back-fills and imports' }),
  })
  .strict()
  .refine((b) => !(b.user_id && b.session_id), { message: 'give user_id or session_id, not both', path: ['session_id'] })
  .refine((b) => !(b.project_id && b.project_name), { message: 'give project_id or project_name, not both', path: ['project_name'] })
  .openapi('JobCreate');

export type JobCreateInput = z.output<typeof JobCreateBody>;

export const JobPatchBody = z
  .object({
    status: JobStatusSchema.optional(),
    progress: z.number().int().min(0).max(100).optional(),
    error_message: z.string().max(2000).nullable().optional(),
    credit_used: z.number().min(0).max(1e9).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one of status, progress, error_message, credit_used', path: ['(body)'] })
  .openapi('JobPatch');

export type JobPatchInput = z.output<typeof JobPatchBody>;

export const JobIdsBody = z
  .object({
    ids: z
      .array(z.string().min(1).max(128))
      .min(1)
      .max(500)
      .transform((ids) => [...new Set(ids)]),
  })
  .strict()
  .openapi('JobIds');

export const BulkResultSchema = z
  .object({
    count: z.number().int(),
    ids: z.array(z.string()),
    not_found: z.array(z.string()),
  })
  .openapi('BulkResult');

export const TrashResultSchema = BulkResultSchema.extend({
  restorable_until: z.string().nullable().openapi({ format: 'date-time' }),
}).openapi('TrashResult');
