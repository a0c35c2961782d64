import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { assetKinds, type AssetRow } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { iso, json, jsonBody, pick } from '../schemas/common.ts';
import { JobStatusSchema } from '../schemas/jobs.ts';
import { assetsByIds, assetsOfJobs, downloadName, pageOfAssets, uniqueNames } from '../services/assets.ts';
import { jobsByIds, listJobs, readRows, type JobView } from '../services/jobs/list.ts';
import { listApps } from '../services/apps.ts';
import { fileUrl } from '../presenters/files.ts';
import { safeFileName } from '../lib/file-names.ts';
import { urlContext } from '../lib/url-context.ts';

/** What one bulk download may hold; the widget streams it into a ZIP in the browser. */
export const DOWNLOAD_MAX_FILES = 1000;
export const DOWNLOAD_MAX_BYTES = 20 * 1024 ** 3;
const MAX_JOBS = 500;

const ids = z.array(z.string().min(1).max(128)).min(1).max(500);
const DownloadBody = z
  .object({
    asset_ids: ids.optional(),
    job_ids: ids.optional(),
    filter: z.object({ status: z.array(JobStatusSchema).max(5).optional(), app: z.string().max(64).optional(), project_id: z.string().max(128).optional(), asset_type: z.string().min(1).max(64).optional(), kind: z.enum(assetKinds).optional(), q: z.string().trim().min(1).max(200).optional() }).strict().optional(),
    /** `GET /api/v1/assets`'s filter: "all N matching" in the unified gallery. */
    asset_filter: z
      .object({ kind: z.enum(assetKinds).optional(), asset_type: z.string().min(1).max(64).optional(), job_id: z.string().min(1).max(128).optional(), project_id: z.string().min(1).max(128).optional(), q: z.string().trim().min(1).max(200).optional(), favorite: z.boolean().optional(), is_public: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => [b.asset_ids, b.job_ids, b.filter, b.asset_filter].filter(Boolean).length === 1, { message: 'give exactly one of asset_ids, job_ids, filter, asset_filter', path: ['(body)'] })
  .openapi('DownloadRequest');

const DownloadFile = z.object({
  name: z.string(),
  asset_id: z.string().nullable().openapi({ description: 'The asset saved under this name (null for manifest.json)' }),
  url: z.string().nullable(),
  size: z.number().int(),
  modified: z.string(),
  content: z.string().optional().openapi({ description: 'Inline content (the manifest.json entry)' }),
});

const Manifest = z
  .object({ files: z.array(DownloadFile), total_size: z.number().int(), count: z.number().int() })
  .openapi('DownloadManifest');

const route = createRoute({
  method: 'post',
  path: '/api/v1/downloads',
  tags: ['Files'],
  summary: 'A manifest for a bulk download: the files (signed URLs) to stream into a ZIP, plus a manifest.json',
  description: `Select by \`asset_ids\`, \`job_ids\`, a jobs \`filter\` or an \`asset_filter\` (the unified gallery's). At most ${DOWNLOAD_MAX_FILES} files and ${DOWNLOAD_MAX_BYTES / 1024 ** 3} GiB; names are unique and safe.`,
  ...presets.userWrite,
  request: { body: jsonBody(DownloadBody) },
  responses: { 200: json(Manifest, 'What to fetch, in order'), ...pick(400, 401, 422) },
});

export const downloadsRouter = createRouter().openapi(route, async (c) => {
  const { deps, caller } = c.var;
  const owner = ownerOf(caller);
  const body = c.req.valid('json');
  let chosen: AssetRow[];
  let jobs: JobView[] = [];
  if (body.asset_ids) {
    chosen = await assetsByIds(deps.db, owner, body.asset_ids);
  } else if (body.asset_filter) {
    const f = body.asset_filter;
    const page = await pageOfAssets(deps.db, owner, { kind: f.kind, assetType: f.asset_type, jobId: f.job_id, projectId: f.project_id, q: f.q, favorite: f.favorite, isPublic: f.is_public }, { limit: DOWNLOAD_MAX_FILES, direction: 'desc' });
    if (page.hasMore) throw new ApiError('validation_error', 'Too many assets match', { details: [{ field: 'asset_filter', message: `narrow it down to at most ${DOWNLOAD_MAX_FILES} assets` }] });
    chosen = page.rows;
  } else if (body.job_ids) {
    // The named jobs' files; the jobs themselves are read below, with those of the other paths.
    chosen = await assetsOfJobs(deps.db, owner, body.job_ids);
  } else {
    const filter = body.filter!;
    const filters = { statuses: filter.status, appId: filter.app, projectId: filter.project_id, assetType: filter.asset_type, kind: filter.kind, q: filter.q };
    const page = await listJobs(deps, owner, { filters, order: 'newest', limit: MAX_JOBS }, readRows);
    if (page.hasMore) throw new ApiError('validation_error', 'Too many jobs match', { details: [{ field: 'filter', message: `narrow it down to at most ${MAX_JOBS} jobs` }] });
    jobs = page.items;
    chosen = await assetsOfJobs(deps.db, owner, jobs.map((j) => j.id));
  }
  const files = chosen.filter((a) => a.blobKey !== null || a.textContent !== null);
  const total = files.reduce((n, a) => n + (a.size ?? 0), 0);
  if (files.length > DOWNLOAD_MAX_FILES || total > DOWNLOAD_MAX_BYTES) {
    throw new ApiError('validation_error', 'This download is too large', { details: [{ field: '(body)', message: `at most ${DOWNLOAD_MAX_FILES} files and ${DOWNLOAD_MAX_BYTES} bytes (asked: ${files.length} files, ${total} bytes)` }] });
  }

  // Jobs described in manifest.json: those of the chosen files (prompts, params, app).
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const missingJobs = [...new Set(files.map((a) => a.jobId))].filter((id) => !jobById.has(id));
  for (const j of await jobsByIds(deps.db, owner, missingJobs)) jobById.set(j.id, j);
  const appName = new Map((await listApps(deps.db)).map((a) => [a.id, a.name]));
  const folder = (a: AssetRow) => safeFileName(jobById.get(a.jobId)?.projectName ?? appName.get(jobById.get(a.jobId)?.appId ?? '') ?? 'files');
  const names = uniqueNames(files.map((a) => `${folder(a)}/${downloadName(a)}`));
  const urls = urlContext(c);
  const entries = await Promise.all(
    files.map(async (a, i) => ({
      name: names[i]!,
      asset_id: a.id,
      url: await fileUrl(urls, a),
      size: a.size ?? 0,
      modified: iso(a.createdAt)!,
    })),
  );
  const manifest = JSON.stringify(
    {
      generated_at: iso(urls.now),
      files: files.map((a, i) => {
        const j = jobById.get(a.jobId);
        return { name: names[i], asset_id: a.id, kind: a.kind, asset_type: a.assetType, job_id: a.jobId, app: j ? (appName.get(j.appId) ?? j.appId) : null, project: j?.projectName ?? null, prompt: j?.prompt ?? null, params: j ? JSON.parse(j.params) : null };
      }),
    },
    null,
    2,
  );
  const manifestEntry = { name: 'manifest.json', asset_id: null, url: null, size: new TextEncoder().encode(manifest).byteLength, modified: iso(urls.now)!, content: manifest };
  return c.json({ files: [...entries, manifestEntry], total_size: total + manifestEntry.size, count: entries.length + 1 }, 200);
});
