/**
 * The app registry is data (issue 15, item 6): operators register, replace and remove apps
 * through the API with the `genshelf:admin` scope; anyone reads them; ingest takes any registered
 * app and names an unknown one. Runtime-agnostic (Node and workerd).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, call, ingest, makeUser, registerApp, unique, type Reply, type Target } from '../harness.ts';
import { expectError, expectInvalid } from './expect.ts';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const SVG = `<svg ${NS} viewBox="0 0 20 20"><title>Poster &amp; print</title><path d="M4 4h12v12H4z" fill="url(#g)" stroke="#fff"/><linearGradient id="g"><stop offset="0" stop-color="#f97316"/></linearGradient></svg>`;

export function defineAppsContract(name: string, start: () => Promise<Target>) {
  describe(`app registry (${name})`, () => {
    let t: Target;
    let admin: string;
    const put = (id: string, body: unknown, token: string | null = admin) => call(t, 'PUT', `/api/v1/apps/${id}`, { token, body });
    const del = (id: string, token: string | null = admin) => call(t, 'DELETE', `/api/v1/apps/${id}`, { token });
    const get = (id: string) => call(t, 'GET', `/api/v1/apps/${id}`);
    /** The registry row as a GET answers it, for "nothing changed" checks. */
    const snapshot = async (id: string) => (await get(id)).text;

    beforeAll(async () => {
      t = await start();
      admin = await adminToken(t);
    });
    afterAll(() => t?.close());

    describe('PUT /api/v1/apps/:id', () => {
      it('registers an app (201 with Location), replaces it (200), and GET and the list answer what was stored', async () => {
        const id = unique('poster-forge');
        const body = { name: 'Poster Forge', color: '#f97316', icon: '🖨️', icon_svg: SVG, href_template: 'https://posters.example.com/jobs/{job_id}?project={project_id}', description: 'Posters from a prompt' };
        const created = await put(id, body);
        expect(created.status, created.text).toBe(201);
        expect(created.headers.get('location')).toBe(`/api/v1/apps/${id}`);
        expect(created.body, created.text).toMatchObject({ id, name: 'Poster Forge', color: '#f97316', icon: '🖨️', icon_url: null, href_template: body.href_template, description: 'Posters from a prompt' });
        expect(created.body.icon_svg).toBe(SVG);
        expect(created.body.image_url).toMatch(new RegExp(`^https?://[^/]+/api/v1/apps/${id}/icon\\?v=[0-9a-f]{12}$`));
        expect((await get(id)).body).toEqual(created.body);
        const list = await call(t, 'GET', '/api/v1/apps');
        expect(list.body.apps.find((a: { id: string }) => a.id === id), list.text).toEqual(created.body);
        // A new app goes last.
        expect(list.body.apps.at(-1).id, list.text).toBe(id);

        // The same body again: idempotent (200, same app).
        const again = await put(id, body);
        expect(again.status, again.text).toBe(200);
        expect(again.body).toEqual(created.body);

        // A replacement: fields left out take their defaults, the place is kept.
        // (An icon_url is fetched and copied: test/contract/app-icons.contract.ts, against a real picture server.)
        const replaced = await put(id, { name: 'Poster Forge 2', color: 'teal' });
        expect(replaced.status, replaced.text).toBe(200);
        expect(replaced.body, replaced.text).toMatchObject({ name: 'Poster Forge 2', color: 'teal', icon: '', icon_svg: null, icon_url: null, image_url: null, href_template: null, description: '', position: created.body.position });
      });

      it('serves an SVG icon as an inert image, cacheable, 304 on a repeat; 404 for an app without one', async () => {
        const app = await registerApp(t, unique('svg-app'), { icon_svg: SVG });
        const path = new URL(app.image_url).pathname + new URL(app.image_url).search;
        const res = await t.fetch(path);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/svg+xml');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toContain('sandbox');
        expect(await res.text()).toBe(SVG);
        const cached = await t.fetch(path, { headers: { 'if-none-match': res.headers.get('etag')! } });
        expect(cached.status).toBe(304);
        await cached.arrayBuffer();
        const plain = await registerApp(t, unique('plain-app'));
        expect(plain.image_url).toBe(null);
        expectError(await call(t, 'GET', `/api/v1/apps/${plain.id}/icon`), 404, 'not_found');
      });

      it.each([
        ['a colour that is not one', { color: 'not-a-colour' }, 'color'],
        ['CSS smuggled into the colour', { color: 'red;background:url(https://x.example/)' }, 'color'],
        ['a script in the SVG', { icon_svg: `<svg ${NS}><script>alert(1)</script></svg>` }, 'icon_svg'],
        ['an event handler in the SVG', { icon_svg: `<svg ${NS} onload="alert(1)"><path d="M0 0h1"/></svg>` }, 'icon_svg'],
        ['a foreignObject in the SVG', { icon_svg: `<svg ${NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>` }, 'icon_svg'],
        ['an outside reference in the SVG', { icon_svg: `<svg ${NS}><rect width="4" height="4" fill="url(https://x.example/#a)"/></svg>` }, 'icon_svg'],
        ['a link in the SVG', { icon_svg: `<svg ${NS}><use href="https://x.example/s.svg#a"/></svg>` }, 'icon_svg'],
        ['an entity declaration', { icon_svg: `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${NS}>&x;</svg>` }, 'icon_svg'],
        ['markup that is not SVG', { icon_svg: '<svg' }, 'icon_svg'],
        ['a javascript: link template', { href_template: 'javascript:alert(1)//{job_id}' }, 'href_template'],
        ['a relative link template', { href_template: '/jobs/{job_id}' }, 'href_template'],
        ['an unknown placeholder', { href_template: 'https://app.example/{user_token}' }, 'href_template'],
        ['an icon URL that is not http(s)', { icon_url: 'data:image/svg+xml,<svg/>' }, 'icon_url'],
        ['both an SVG and an icon URL', { icon_svg: SVG, icon_url: 'https://cdn.example.com/a.png' }, 'icon_url'],
        ['no name', { name: '' }, 'name'],
        ['an unknown field', { colour: 'red' }, 'colour'],
      ])('%s → 422 naming the field, nothing stored', async (_what, fields, field) => {
        const id = unique('bad');
        expectInvalid(await put(id, { name: 'Bad', color: 'red', ...fields }), field);
        expectError(await get(id), 404, 'not_found');
        // Nor is an existing app changed.
        const kept = await registerApp(t, unique('kept'));
        const before = await snapshot(kept.id);
        expectInvalid(await put(kept.id, { name: 'Bad', color: 'red', ...fields }), field);
        expect(await snapshot(kept.id)).toBe(before);
      });

      it('an id that is not a slug → 422 naming it', async () => {
        expectInvalid(await put('Not A Slug', { name: 'x', color: 'red' }), 'id');
      });

      it('refuses without a token (401), with a broken one (401), and to a user, a service or a visitor without the admin scope (403); nothing changed', async () => {
        const kept = await registerApp(t, unique('guarded'));
        const before = await snapshot(kept.id);
        const user = await makeUser(t);
        const visitor = (await call(t, 'POST', '/api/v1/sessions/anonymous')).body.token as string;
        for (const [token, status, code] of [
          [null, 401, 'unauthorized'],
          ['not-a-token', 401, 'unauthorized'],
          [`${admin.slice(0, -2)}AA`, 401, 'unauthorized'],
          [user.token, 403, 'forbidden'],
          [t.secrets.INGEST_TOKEN, 403, 'forbidden'],
          [visitor, 403, 'forbidden'],
        ] as const) {
          expectError(await put(kept.id, { name: 'Taken over', color: 'red' }, token), status, code);
          expectError(await del(kept.id, token), status, code);
          const fresh = unique('never');
          expectError(await put(fresh, { name: 'Never', color: 'red' }, token), status, code);
          expectError(await get(fresh), 404, 'not_found');
        }
        expect(await snapshot(kept.id)).toBe(before);
      });
    });

    describe('DELETE /api/v1/apps/:id', () => {
      it('removes an app no job uses (204), then it is gone (404)', async () => {
        const app = await registerApp(t, unique('unused'));
        const r = await del(app.id);
        expect(r.status, r.text).toBe(204);
        expectError(await get(app.id), 404, 'not_found');
        expectError(await del(app.id), 404, 'not_found');
      });

      it('refuses an app a job uses (409), also once the job is in the trash; nothing changed', async () => {
        const app = await registerApp(t, unique('in-use'));
        const user = await makeUser(t);
        const job = await ingest(t).job(user, { app_id: app.id });
        const before = await snapshot(app.id);
        const r: Reply = await del(app.id);
        expectError(r, 409, 'conflict');
        expect(r.body.message).toContain('1 job');
        expect((await user.send('DELETE', `/api/v1/jobs/${job.id}`)).status).toBe(200);
        expectError(await del(app.id), 409, 'conflict');
        expect(await snapshot(app.id)).toBe(before);
      });
    });

    describe('ingest takes any registered app', () => {
      it('a job for a newly registered app is accepted and lists with it', async () => {
        const app = await registerApp(t, unique('fresh-app'), { name: 'Fresh App' });
        const user = await makeUser(t);
        const job = await ingest(t).job(user, { app_id: app.id });
        expect(job.app_id).toBe(app.id);
        const list = await user.get(`/api/v1/jobs?app=${app.id}`);
        expect(list.body.jobs.map((j: { id: string }) => j.id), list.text).toEqual([job.id]);
        const generations = await user.get('/api/generations');
        expect(generations.body.generations[0], generations.text).toMatchObject({ appId: app.id, appName: 'Fresh App', appColor: 'orange' });
      });

      it('an unknown app → 422 naming app_id, nothing stored', async () => {
        const user = await makeUser(t);
        const r = await ingest(t).send('POST', '/api/v1/jobs', { user_id: user.sub, app_id: unique('nobody-registered'), prompt: 'x' });
        expectInvalid(r, 'app_id');
        expect((await user.get('/api/v1/jobs/stats')).body.total).toBe(0);
      });
    });
  });
}
