/**
 * Text as input (issue 11, findings 2, 3 and 8, and raw text uploads): stored text is kept and
 * returned exactly, so NUL and unpaired surrogates are refused with a 422 everywhere text is
 * stored; search terms are text whatever they hold; stored JSON has a depth and size limit; a
 * raw `text/*` upload is a file, not a JSON body. Runtime-agnostic (Node and workerd).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, retryingReset, type Target, type TestUser } from '../harness.ts';
import { expectInvalid } from './expect.ts';

/** `{"a":{"a":…1…}}`, `levels` objects deep, as JSON text (JSON.stringify would overflow the stack first). */
export const deepJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

export function defineTextInputContract(name: string, makeTarget: () => Promise<Target>) {
  describe(`text input (${name})`, () => {
    let t: Target;
    let user: TestUser;
    let job: Record<string, any> & { id: string };
    let textAsset: Record<string, any>;
    beforeAll(async () => {
      t = await makeTarget();
      user = await makeUser(t);
      job = await ingest(t).job(user, { prompt: 'a paper boat', project_name: 'Boats', status: 'completed' });
      const r = await user.send('POST', `/api/v1/jobs/${job.id}/assets`, { text: 'The boat sails at dawn.', title: 'Caption' });
      expect(r.status, r.text).toBe(201);
      textAsset = r.body;
    });
    afterAll(() => t.close());

    const svc = (body: unknown) => ingest(t).send('POST', '/api/v1/jobs', body);

    it('text is stored and returned exactly: RTL marks, emoji, combining marks, from create, one job and the list', async () => {
      const prompt = 'שלום \u200Fworld\u200E 👩‍🚀 e\u0301 tab\tend';
      const created = await svc({ user_id: user.sub, app_id: 'video-mixer', prompt, project_name: 'Mixed \u202Escripts', params: { note: prompt } });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({ prompt, project_name: 'Mixed \u202Escripts', params: { note: prompt } });
      const one = await user.get(`/api/v1/jobs/${created.body.id}`);
      expect(one.body, one.text).toMatchObject({ prompt, project_name: 'Mixed \u202Escripts', params: { note: prompt } });
      const list = await user.get('/api/v1/jobs?limit=100');
      expect(list.body.jobs.find((j: { id: string }) => j.id === created.body.id), list.text).toMatchObject({ prompt, params: { note: prompt } });
    });

    it.each([
      ['prompt', { prompt: 'abc\u0000def' }, 'prompt'],
      ['project_name', { project_name: '\u0000' }, 'project_name'],
      ['an unpaired high surrogate', { prompt: 'a\uD83D' }, 'prompt'],
      ['an unpaired low surrogate', { prompt: '\uDE00b' }, 'prompt'],
      ['a params value', { params: { style: ['ok', 'x\u0000'] } }, 'params.style.1'],
      ['a params key', { params: { 'k\u0000': 1 } }, 'params.k\u0000'],
      ['task_id', { task_id: 't\u0000' }, 'task_id'],
    ])('a job create with NUL or a lone surrogate in %s → 422 naming it, nothing stored', async (_what, fields, field) => {
      const before = (await user.get('/api/v1/jobs/stats')).body.total;
      expectInvalid(await svc({ user_id: user.sub, app_id: 'video-mixer', ...fields }), field);
      expect((await user.get('/api/v1/jobs/stats')).body.total).toBe(before);
    });

    it('every other route that stores text refuses NUL the same way', async () => {
      expectInvalid(await ingest(t).send('PATCH', `/api/v1/jobs/${job.id}`, { error_message: 'x\u0000' }), 'error_message');
      expectInvalid(await user.send('POST', `/api/v1/jobs/${job.id}/assets`, { text: 'copy\u0000' }), 'text');
      expectInvalid(await user.send('PATCH', `/api/v1/assets/${textAsset.id}`, { title: 'T\u0000' }), 'title');
      expectInvalid(await user.send('PATCH', `/api/v1/projects/${job.project_id}`, { name: 'B\u0000' }), 'name');
      const raw = await t.fetch(`/api/v1/jobs/${job.id}/assets?title=${encodeURIComponent('a\u0000b')}`, { method: 'POST', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'text/plain' }, body: 'hello' });
      expect(raw.status).toBe(422);
      expect(await raw.json()).toMatchObject({ error: 'validation_error', details: [{ field: 'title' }] });
      const asset = await user.get(`/api/v1/assets/${textAsset.id}`);
      expect(asset.body).toMatchObject({ title: 'Caption', text: 'The boat sails at dawn.' });
      expect((await user.get(`/api/v1/projects/${job.project_id}`)).body.name).toBe('Boats');
    });

    it.each(['%00abc', 'abc%00', '%00', 'pa%00per', '%ED%A0%80', '%E2%80%8Fboat'])('search for "%s" answers 200 on every search surface', async (term) => {
      for (const path of [`/api/v1/jobs?q=${term}`, `/api/v1/assets?q=${term}`, `/api/me/jobs?search=${term}`, `/api/v1/projects?q=${term}`]) {
        const r = await user.get(path);
        expect(r.status, `${path}: ${r.text}`).toBe(200);
      }
      const q = term === '%ED%A0%80' ? '\uD800' : decodeURIComponent(term);
      const dl = await user.send('POST', '/api/v1/downloads', { filter: { q } });
      expect(dl.status, dl.text).toBe(200);
      const dlAssets = await user.send('POST', '/api/v1/downloads', { asset_filter: { q } });
      expect(dlAssets.status, dlAssets.text).toBe(200);
    });

    it('a NUL in a search term matches nothing (stored text never holds one)', async () => {
      for (const path of ['/api/v1/jobs?q=paper%00', '/api/v1/jobs?q=%00', '/api/v1/assets?q=%00boat', '/api/v1/projects?q=%00', '/api/me/jobs?search=boat%00']) {
        const r = await user.get(path);
        expect(r.body.total ?? r.body.pagination.total, `${path}: ${r.text}`).toBe(0);
      }
      expect((await user.get('/api/v1/jobs?q=paper')).body.total).toBeGreaterThan(0);
    });

    it('params: 32 levels are kept; 33, 1,500 and 10,000 → 422, and the owner\'s list keeps working', async () => {
      const ok = await svc(`{"user_id":"${user.sub}","app_id":"video-mixer","params":${deepJson(32)}}`);
      expect(ok.status, ok.text).toBe(201);
      expect(JSON.stringify(ok.body.params)).toBe(deepJson(32));
      for (const levels of [33, 1500, 10_000]) {
        const r = await svc(`{"user_id":"${user.sub}","app_id":"video-mixer","params":${deepJson(levels)}}`);
        expectInvalid(r, 'params');
      }
      const big = await svc({ user_id: user.sub, app_id: 'video-mixer', params: { blob: 'x'.repeat(40_000) } });
      expectInvalid(big, 'params');
      for (const path of ['/api/v1/jobs', '/api/me/jobs', '/api/generations', '/api/user-generations']) {
        const r = await user.get(path);
        expect(r.status, `${path}: ${r.text}`).toBe(200);
      }
    });

    it('a deep body anywhere else is a 422, never a 5xx', async () => {
      for (const [method, path] of [['POST', '/api/v1/jobs/bulk-delete'], ['PATCH', '/api/v1/user/settings'], ['POST', '/api/v1/events'], ['POST', '/api/v1/downloads']] as const) {
        const r = await call(t, method, path, { token: user.token, body: deepJson(10_000) });
        expect(r.status, `${method} ${path}: ${r.text}`).toBe(422);
      }
    });

    it.each([['text/plain', 'txt'], ['text/markdown', 'md']])('a raw %s upload over 1 MiB is a file, not a JSON body', async (type) => {
      const text = `# Notes\n${'All work and no play. '.repeat(60_000)}`;
      const r = await t.fetch(`/api/v1/jobs/${job.id}/assets?title=notes`, { method: 'POST', headers: { authorization: `Bearer ${user.token}`, 'content-type': type }, body: text });
      const body = (await r.json()) as Record<string, any>;
      expect(r.status, JSON.stringify(body)).toBe(201);
      expect(body).toMatchObject({ kind: 'text', mime: type, file_size: new TextEncoder().encode(text).byteLength });
      // A JSON body is still held to MAX_JSON_BYTES.
      const json = await retryingReset(() => user.send('POST', `/api/v1/jobs/${job.id}/assets`, { text }));
      expect(json.status, json.text).toBe(413);
    });
  });
}

