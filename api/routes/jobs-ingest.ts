import { createRoute } from '@hono/zod-openapi';
import { ingestOwner, taskScope } from '../auth/caller.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { toJob } from '../presenters/jobs.ts';
import { urlContext } from '../lib/url-context.ts';
import { IdParam, json, jsonBody, pick } from '../schemas/common.ts';
import { JobCreateBody, JobPatchBody, JobSchema } from '../schemas/jobs.ts';
import { createJob, jobForIngest, retryJob, updateJob } from '../services/jobs/write.ts';



const create = createRoute({
  method: 'post',
  path: '/api/v1/jobs',
  tags: ['Ingest'],
  summary: 'Record a new job (generator back-ends)',
  description:
    'With the service credential, name the owner as `user_id` or `session_id`; with a user token the job is the caller\'s. ' +
    '`project_name` creates the project on first use. A repeat with the same `app_id` + `task_id` returns the existing job with 200; ' +
    'task ids are the caller\'s own: a back-end\'s ids are kept apart per owner it names, and apart from the ids the owner sends with their own token.',
  ...presets.ingest,
  request: { body: jsonBody(JobCreateBody) },
  responses: {
    201: json(JobSchema, 'Created'),
    200: json(JobSchema, 'Already recorded (same app_id + task_id)'),
    ...pick(400, 401, 403, 409, 413, 422),
  },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/jobs/{id}',
  tags: ['Ingest'],
  summary: 'Report progress, status, error or credits',
  description: 'Status moves forward only (queued → processing → completed | failed | partial); anything else is 409. Progress never goes backwards.',
  ...presets.ingest,
  request: { params: IdParam, body: jsonBody(JobPatchBody) },
  responses: { 200: json(JobSchema, 'The job after the report'), ...pick(400, 401, 403, 404, 409, 410, 422) },
});

const retry = createRoute({
  method: 'post',
  path: '/api/v1/jobs/{id}/retry',
  tags: ['Ingest'],
  summary: 'Run a finished job again',
  description: 'Creates a new queued job with the same app, project, prompt and params, linked by `retry_of`.',
  ...presets.ingest,
  request: { params: IdParam },
  responses: { 201: json(JobSchema, 'The new job'), ...pick(401, 403, 404, 409, 410) },
});

export const ingestRouter = createRouter()
  .openapi(create, async (c) => {
    const { deps, caller } = c.var;
    const body = c.req.valid('json');
    const owner = ingestOwner(caller, body);
    const { job, created } = await createJob(deps.db, owner, taskScope(caller, owner), body, deps.clock.now());
    if (created) c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json(await toJob(job, urlContext(c)), created ? 201 : 200);
  })
  .openapi(patch, async (c) => {
    const { deps, caller } = c.var;
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { owner } = await jobForIngest(deps.db, caller, id);
    return c.json(await toJob(await updateJob(deps.db, owner, id, body, deps.clock.now()), urlContext(c)), 200);
  })
  .openapi(retry, async (c) => {
    const { deps, caller } = c.var;
    const { id } = c.req.valid('param');
    const { owner } = await jobForIngest(deps.db, caller, id);
    const job = await retryJob(deps.db, owner, id, deps.clock.now());
    c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json(await toJob(job, urlContext(c)), 201);
  });
