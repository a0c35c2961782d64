import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, type Target, type TestUser } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
/** A text upload that a browser sniffing it would take for a page. */
const HTML_TEXT = '<!doctype html><script>document.title = "pwned"</script>';

/**
 * Every route that answers with stored bytes — signed file URLs, the authenticated content route,
 * public links, seed 000's downloads (one file or a ZIP) — sends `nosniff` and a sandboxing CSP on
 * every kind of answer, so nothing uploaded ever runs as a page on the API's origin (issue 11, 5;
 * the video proxy's answers are checked in the video proxy contract).
 */
export function defineBytesPolicyContract(name: string, start: () => Promise<Target>) {
  describe(`bytes policy contract (${name})`, () => {
    let t: Target;
    let alice: TestUser;
    beforeAll(async () => {
      t = await start();
      alice = await makeUser(t);
    });
    afterAll(() => t.close());

    const upload = async (jobId: string, body: BodyInit, type: string) => {
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body });
      const asset = (await res.json()) as Record<string, any>;
      expect(res.status, JSON.stringify(asset)).toBe(201);
      return asset;
    };

    const expectPolicy = (res: Response, label: string) => {
      expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), label).toBe("default-src 'none'; sandbox");
    };

    /** GET, a range, HEAD, If-None-Match and an unsatisfiable range on one byte-serving path. */
    async function checkAll(path: string, label: string, token?: string) {
      const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const whole = await t.fetch(path, { headers: auth });
      await whole.arrayBuffer();
      expect(whole.status, label).toBe(200);
      expectPolicy(whole, `${label} GET`);
      const cases: [string, RequestInit, number[]][] = [
        ['range', { headers: { ...auth, range: 'bytes=0-3' } }, [206]],
        ['HEAD', { method: 'HEAD', headers: auth }, [200]],
        ['download', { headers: auth }, [200]],
      ];
      const etag = whole.headers.get('etag');
      if (etag) cases.push(['304', { headers: { ...auth, 'if-none-match': etag } }, [304]], ['416', { headers: { ...auth, range: 'bytes=99999-' } }, [416]]);
      for (const [what, init, statuses] of cases) {
        const res = await t.fetch(what === 'download' ? `${path}${path.includes('?') ? '&' : '?'}download=1` : path, init);
        await res.arrayBuffer();
        expect(statuses, `${label} ${what}: ${res.status}`).toContain(res.status);
        expectPolicy(res, `${label} ${what}`);
      }
    }

    it('a stored file: its signed URL, the content route and its public link', async () => {
      const job = await ingest(t).job(alice, { status: 'completed' });
      const asset = await upload(job.id, PNG, 'image/png');
      await checkAll(new URL(asset.url).pathname + new URL(asset.url).search, 'signed URL');
      await checkAll(`/api/v1/assets/${asset.id}/content`, 'content route', alice.token);
      const pub = await alice.send('PUT', `/api/v1/assets/${asset.id}/visibility`, { is_public: true });
      expect(pub.status, pub.text).toBe(200);
      await checkAll(new URL(pub.body.public_url).pathname, 'public link');
    });

    it('an uploaded text file that looks like HTML keeps its type and cannot run', async () => {
      const job = await ingest(t).job(alice, { status: 'completed' });
      const asset = await upload(job.id, HTML_TEXT, 'text/plain');
      const res = await t.fetch(new URL(asset.url).pathname + new URL(asset.url).search);
      expect(await res.text()).toBe(HTML_TEXT);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expectPolicy(res, 'text upload');
    });

    it('copy kept as text (no blob)', async () => {
      const job = await ingest(t).job(alice, { status: 'completed' });
      const r = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: HTML_TEXT } });
      expect(r.status, r.text).toBe(201);
      for (const path of [new URL(r.body.url).pathname + new URL(r.body.url).search, `/api/v1/assets/${r.body.id}/content?download=1`]) {
        const res = await t.fetch(path, { headers: { authorization: `Bearer ${alice.token}` } });
        expect(await res.text(), path).toBe(HTML_TEXT);
        expectPolicy(res, path);
      }
    });

    it("seed 000's download: one file as itself, several as a ZIP", async () => {
      const one = await ingest(t).job(alice, { status: 'completed' });
      await upload(one.id, PNG, 'image/png');
      const single = await t.fetch(`/api/generations/${one.id}/download`, { headers: { authorization: `Bearer ${alice.token}` } });
      expect(single.status).toBe(200);
      await single.arrayBuffer();
      expectPolicy(single, 'one file');
      const two = await ingest(t).job(alice, { status: 'completed' });
      await upload(two.id, PNG, 'image/png');
      await upload(two.id, HTML_TEXT, 'text/plain');
      const zip = await t.fetch(`/api/generations/${two.id}/download`, { headers: { authorization: `Bearer ${alice.token}` } });
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      await zip.arrayBuffer();
      expectPolicy(zip, 'ZIP');
    });
  });
}
