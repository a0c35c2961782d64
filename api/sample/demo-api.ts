/**
 * The demo host app's one server-side helper (demo/, "Acme Studio"): `POST /api/demo/generate`
 * plays a generator back-end for a visitor who has not signed in, so the tour can show an
 * anonymous generation appear, progress, finish with real media, and move to the user on sign-in.
 *
 * It exists only when the sample data is on (`SEED_DEMO_DATA`, as `npm start` sets it): a real
 * deployment never has it. It is not part of the API (not in the OpenAPI document).
 */
import { Hono } from 'hono';
import { taskScope } from '../auth/caller.ts';
import { authenticate } from '../auth/middleware.ts';
import type { Config } from '../config.ts';
import type { AppEnv, Deps } from '../env.ts';
import { ApiError } from '../errors.ts';
import { toJob } from '../presenters/jobs.ts';
import { urlContext } from '../lib/url-context.ts';
import { jobStats } from '../services/jobs/list.ts';
import { createJob, updateJob } from '../services/jobs/write.ts';
import { rateLimit } from '../services/sessions.ts';
import { attachDemoMedia } from './demo-media.ts';

/** What a visitor's sample generations are, in turn: prompts whose media ./demo-media.ts has. */
export const visitorPrompts = [
  // One app: a project belongs to one app, so the visitor's samples share one project.
  { app_id: 'text-to-video', prompt: 'A paper boat sailing down a rainy city street, macro lens, golden hour' },
  { app_id: 'text-to-video', prompt: 'An astronaut cat floating past the space station window, playful' },
  { app_id: 'text-to-video', prompt: 'Timelapse of a sourdough loaf rising, cosy kitchen, soft light' },
  { app_id: 'text-to-video', prompt: 'Aerial shot over misty pine forest at dawn, slow push-in' },
] as const;

/** The project a visitor's samples go in (created on the first one; it moves to the user with them). */
export const VISITOR_PROJECT = 'My first generations';

/** Sample generations per anonymous session and hour: enough for a tour, not a disk filler. */
export const DEMO_GENERATIONS_PER_HOUR = 12;

const HOUR_MS = 3_600_000;
/** Progress reported on the way, one step apart: a generation the elements can watch finish. */
const PROGRESS = [35, 70] as const;

export interface DemoApiOptions {
  /** Time between the progress reports and the finish (default 800 ms; tests pass 0). */
  stepMs?: number;
}

/**
 * Adds `POST /api/demo/generate` to the app when the sample data is on, else nothing (the path
 * stays a 404). Called by api/node.ts after the app is built.
 */
export function mountDemoApi(app: Hono<AppEnv>, config: Pick<Config, 'SEED_DEMO_DATA'>, options: DemoApiOptions = {}): void {
  if (!config.SEED_DEMO_DATA) return;
  app.route('/', demoApi(options));
}

function demoApi({ stepMs = 800 }: DemoApiOptions) {
  return new Hono<AppEnv>().post('/api/demo/generate', authenticate(['anon']), async (c) => {
    const { deps, caller } = c.var;
    if (caller.kind !== 'anon') throw new ApiError('forbidden', 'Sample generations are for visitors who have not signed in');
    const now = deps.clock.now();
    const owner = caller.owner;
    await rateLimit(deps.db, `demo-generate:${owner}`, DEMO_GENERATIONS_PER_HOUR, HOUR_MS, now, `This visitor session has made its ${DEMO_GENERATIONS_PER_HOUR} sample generations for this hour`);
    // In turn, so a tour's first few generations are all different.
    const sample = visitorPrompts[(await jobStats(deps.db, owner)).total % visitorPrompts.length]!;
    const { job } = await createJob(
      deps.db,
      owner,
      taskScope(caller, owner),
      { ...sample, project_name: VISITOR_PROJECT, params: { aspect_ratio: '16:9', sample: true }, status: 'processing', progress: 5, credit_used: 0 },
      now,
    );
    finishLater(deps, owner, { id: job.id, appId: sample.app_id, prompt: sample.prompt }, stepMs);
    c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json(await toJob(job, urlContext(c)), 201);
  });
}

/**
 * Reports progress, attaches the prompt's sample media, then completes the job — what a
 * generator back-end does through the ingest routes, here in this process (Node only, like the
 * sample data). A job the visitor deleted meanwhile is left alone; any other failure is logged and
 * leaves the job where it was (stuck in progress, as with a real back-end that died).
 */
function finishLater(deps: Deps, owner: string, job: { id: string; appId: string; prompt: string }, stepMs: number): void {
  const steps: (() => Promise<unknown>)[] = [
    ...PROGRESS.map((progress) => () => updateJob(deps.db, owner, job.id, { progress }, deps.clock.now())),
    async () => {
      const completedAt = deps.clock.now();
      await attachDemoMedia(deps.db, deps.blobs, owner, [{ ...job, assetType: null, status: 'completed', completedAt }]);
      await updateJob(deps.db, owner, job.id, { status: 'completed', progress: 100 }, completedAt);
    },
  ];
  const next = (i: number) => {
    const step = steps[i];
    if (!step) return;
    const timer = setTimeout(() => {
      step().then(
        () => next(i + 1),
        (err: unknown) => {
          // The visitor deleted it meanwhile: nothing left to finish.
          if (err instanceof ApiError && (err.code === 'gone' || err.code === 'not_found')) return;
          deps.log.error('demo generation failed', { job: job.id, error: String(err) });
        },
      );
    }, stepMs);
    // A server stopping mid-generation is not held up by it.
    (timer as { unref?: () => void }).unref?.();
  };
  next(0);
}
