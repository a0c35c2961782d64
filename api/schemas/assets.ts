import { z } from '@hono/zod-openapi';
import { assetKinds } from '../db/schema/assets.ts';
import { queryBool, queryInt } from './common.ts';
import { aliasConflicts, aliasFields } from './list-aliases.ts';

/** The canonical Asset: seed 001's AssetResponse fields (snake_case) plus genshelf's own. */
export const AssetSchema = z
  .object({
    id: z.string(),
    job_id: z.string(),
    user_id: z.string().nullable(),
    session_id: z.string().nullable(),
    kind: z.enum(assetKinds),
    asset_type: z.string().nullable(),
    title: z.string().nullable(),
    mime: z.string().nullable(),
    url: z.string().nullable().openapi({ description: 'Signed, short-lived URL of the bytes (works without headers)' }),
    download_url: z.string().nullable(),
    url_expires_at: z.string().nullable().openapi({ format: 'date-time', description: 'When `url` and `download_url` stop working (null when there are none)' }),
    public_url: z.string().nullable().openapi({ description: 'A stable link that works while the asset is public' }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    duration: z.number().nullable().openapi({ description: 'Seconds' }),
    file_size: z.number().int().nullable(),
    is_public: z.boolean(),
    viral_score: z.number().nullable(),
    favorite: z.boolean(),
    text: z.string().nullable().openapi({ description: 'The copy, for text assets' }),
    created_at: z.string().openapi({ format: 'date-time' }),
    deleted_at: z.string().nullable().openapi({ format: 'date-time', description: 'When it went to the trash (its URLs are null while it is there)' }),
  })
  .openapi('Asset');

const common = {
  title: z.string().trim().min(1).max(300).optional(),
  asset_type: z.string().min(1).max(64).optional(),
};
const dims = {
  width: z.number().int().min(1).max(100_000).optional(),
  height: z.number().int().min(1).max(100_000).optional(),
  duration: z.number().min(0).max(86_400).optional(),
};

export const TextAssetBody = z.object({ text: z.string().min(1).max(200_000), ...common }).strict().openapi('TextAsset');
export const SourceAssetBody = z
  .object({ source_url: z.url().max(4096), kind: z.enum(['image', 'video']), mime: z.string().max(100).optional(), ...common, ...dims })
  .strict()
  .openapi('SourceAsset');
export const AssetJsonBody = z.union([TextAssetBody, SourceAssetBody]);

/** Metadata of a raw upload travels in the query string (the body is the file). */
const queryNumber = (schema: z.ZodNumber) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(schema);
export const UploadQuery = z.object({
  kind: z.enum(assetKinds).optional(),
  ...common,
  width: queryNumber(z.number().int().min(1).max(100_000)).optional(),
  height: queryNumber(z.number().int().min(1).max(100_000)).optional(),
  duration: queryNumber(z.number().min(0).max(86_400)).optional(),
});

export const AssetPatchBody = z
  .object({
    is_public: z.boolean().optional(),
    favorite: z.boolean().optional(),
    title: z.string().trim().min(1).max(300).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one of is_public, favorite, title', path: ['(body)'] })
  .openapi('AssetPatch');

export const VisibilityBody = z.object({ is_public: z.boolean() }).strict().openapi('AssetVisibility');

const kindParam = z.enum(['image', 'video', 'text', 'archive']);

export const AssetListQuery = z
  .object({
    kind: kindParam.optional(),
    type: kindParam.optional().openapi({ description: 'Alias of kind (seed 004)' }),
    asset_type: z.string().min(1).max(64).optional(),
    job_id: z.string().min(1).max(128).optional(),
    project_id: z.string().min(1).max(128).optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Substring search in titles, texts and the prompts that made them' }),
    favorite: queryBool().optional(),
    is_public: queryBool().optional(),
    trashed: queryBool().optional().openapi({ description: 'List the trash instead of live assets' }),
    sort: z.enum(['newest', 'oldest']).optional().openapi({ description: 'Default `newest`' }),
    limit: queryInt().pipe(z.number().int().min(1).max(100)).optional().default(20),
    offset: queryInt().pipe(z.number().int().min(0).max(1_000_000)).optional(),
    cursor: z.string().min(1).max(2048).optional(),
    ...aliasFields('date'),
  })
  .refine((q) => q.offset === undefined || q.cursor === undefined, { message: 'use either offset or cursor, not both', path: ['cursor'] })
  .refine((q) => !q.kind || !q.type || q.kind === q.type, { message: 'kind and type disagree', path: ['type'] })
  .superRefine(aliasConflicts);

export const AssetListSchema = z
  .object({
    assets: z.array(AssetSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int().nullable(),
    next_cursor: z.string().nullable(),
    has_more: z.boolean(),
  })
  .openapi('AssetList');
