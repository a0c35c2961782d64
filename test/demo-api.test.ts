/**
 * The demo host app's server-side helper (api/sample/demo-api.ts): `POST /api/demo/generate`, a
 * sample generation for an anonymous visitor, exists only with the sample data on — through HTTP on
 * the real app, as api/node.ts mounts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../api/config.ts';
import { DEMO_GENERATIONS_PER_HOUR, mountDemoApi, VISITOR_PROJECT, visitorPrompts } from '../api/sample/demo-api.ts';
import { anonymous } from './contract/sessions.contract.ts';
import { call, ingest, makeUser, nodeTarget, type Reply, type Target } from './harness.ts';

const WAIT = { timeout: 10_000, interval: 20 };
const withDemoApi = (env: Partial<ConfigInput>) => nodeTarget(env, { extend: (app, config) => mountDemoApi(app, config, { stepMs: 0 }) });

function expectError(r: Reply, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body, r.text).toMatchObject({ error: code, message: expect.any(String), request_id: expect.any(String) });
}

describe('POST /api/demo/generate without the sample data', () => {
  let t: Target;
  beforeAll(async () => void (t = await withDemoApi({ SEED_DEMO_DATA: '0' })));
  afterAll(() => t.close());

  it('does not exist: 404 with the standard body for a visitor, and nothing is written', async () => {
    const visitor = await anonymous(t);
    expectError(await visitor.send('POST', '/api/demo/generate'), 404, 'not_found');
    expect((await visitor.get('/api/v1/jobs')).body.total).toBe(0);
    expect(await t.sql(['select count(*) as n from jobs'])).toEqual([[{ n: 0 }]]);
  });
});

describe('POST /api/demo/generate with the sample data on', () => {
  let t: Target;
  beforeAll(async () => void (t = await withDemoApi({ SEED_DEMO_DATA: '1' })));
  afterAll(() => t.close());

  it("starts a visitor's sample generation, which reports progress and finishes with the prompt's own media", async () => {
    const visitor = await anonymous(t);
    const r = await visitor.send('POST', '/api/demo/generate');
    expect(r.status, r.text).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/jobs/${r.body.id}`);
    expect(r.body).toMatchObject({ status: 'processing', app_id: visitorPrompts[0].app_id, prompt: visitorPrompts[0].prompt, project_name: VISITOR_PROJECT });

    await expect.poll(async () => (await visitor.get(`/api/v1/jobs/${r.body.id}`)).body.status, WAIT).toBe('completed');
    const job = (await visitor.get(`/api/v1/jobs/${r.body.id}`)).body;
    expect(job.progress).toBe(100);
    expect(job.thumbnail_url).toMatch(/\/files\//);
    const assets = (await visitor.get(`/api/v1/jobs/${r.body.id}/assets`)).body as { kind: string; title: string; asset_type: string | null }[];
    // The paper boat prompt: its video, its poster as the thumbnail, and its scene notes.
    expect(assets.map((a) => [a.kind, a.title, a.asset_type]).sort()).toEqual([
      ['image', 'Paper boat (cover)', 'thumbnail'],
      ['text', 'Paper boat scene notes', 'script'],
      ['video', 'Paper boat', null],
    ]);
    const video = (await visitor.get(`/api/v1/assets?kind=video`)).body.assets[0];
    const bytes = await t.fetch(new URL(video.url).pathname + new URL(video.url).search);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('video/mp4');

    // In seed 002's history too, as <generation-history> reads it.
    const history = await visitor.get('/api/user-generations');
    expect(history.status, history.text).toBe(200);
    expect(JSON.stringify(history.body)).toContain(r.body.id);
  });

  it('takes the sample prompts in turn, all in one project', async () => {
    const visitor = await anonymous(t);
    const made: string[] = [];
    for (let i = 0; i < visitorPrompts.length + 1; i++) made.push((await visitor.send('POST', '/api/demo/generate')).body.prompt);
    expect(made).toEqual([...visitorPrompts.map((p) => p.prompt), visitorPrompts[0].prompt]);
    const projects = (await visitor.get('/api/v1/projects')).body.projects as { name: string; job_count: number }[];
    expect(projects.map((p) => [p.name, p.job_count])).toEqual([[VISITOR_PROJECT, visitorPrompts.length + 1]]);
  });

  it("is the visitor's own: another visitor and the signed-in user see none of it, and the claim moves it to the user", async () => {
    const visitor = await anonymous(t);
    const stranger = await anonymous(t);
    const user = await makeUser(t);
    const { body: job } = await visitor.send('POST', '/api/demo/generate');
    await expect.poll(async () => (await visitor.get(`/api/v1/jobs/${job.id}`)).body.status, WAIT).toBe('completed');
    expect((await stranger.get('/api/v1/jobs')).body.total).toBe(0);
    expectError(await stranger.get(`/api/v1/jobs/${job.id}`), 403, 'forbidden');
    expect((await user.get('/api/v1/jobs')).body.total).toBe(0);

    const claimed = await user.send('POST', '/api/v1/sessions/claim', { anonymous_token: visitor.token });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.moved).toMatchObject({ jobs: 1, assets: 3, projects: 1 });
    expect((await user.get('/api/v1/jobs')).body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it('refuses no token, a bad token, a signed-in user and the ingest credential, writing nothing', async () => {
    const before = await t.sql(['select count(*) as n from jobs']);
    expectError(await call(t, 'POST', '/api/demo/generate'), 401, 'unauthorized');
    expectError(await call(t, 'POST', '/api/demo/generate', { token: 'not-a-token' }), 401, 'unauthorized');
    expectError(await (await makeUser(t)).send('POST', '/api/demo/generate'), 403, 'forbidden');
    expectError(await call(t, 'POST', '/api/demo/generate', { token: ingest(t).token }), 403, 'forbidden');
    expect(await t.sql(['select count(*) as n from jobs'])).toEqual(before);
  });

  it(`stops a session at ${DEMO_GENERATIONS_PER_HOUR} an hour with a 429 that says why and when to come back`, async () => {
    const visitor = await anonymous(t);
    for (let i = 0; i < DEMO_GENERATIONS_PER_HOUR; i++) expect((await visitor.send('POST', '/api/demo/generate')).status).toBe(201);
    const refused = await visitor.send('POST', '/api/demo/generate');
    expectError(refused, 429, 'rate_limited');
    expect(refused.body.message).toMatch(/sample generations/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await visitor.get('/api/v1/jobs')).body.total).toBe(DEMO_GENERATIONS_PER_HOUR);
    // Another visitor is not held back by it.
    expect((await (await anonymous(t)).send('POST', '/api/demo/generate')).status).toBe(201);
  });
});
