/**
 * Small worlds for the adversarial suites: owners with a job, an uploaded image, a text and a
 * stored video, made through the API as a generator back-end makes them.
 */
import { expect } from 'vitest';
import { call, ingest, type Target, type TestUser } from '../harness.ts';
import { mediaFiles } from '../upstream.ts';

/** The eight bytes of a PNG signature and a few more: what the upload guard accepts as an image. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** A raw upload to a job as the back-end does it; the new asset. */
export async function upload(t: Target, jobId: string, bytes: Uint8Array, type: string, query = ''): Promise<Record<string, any> & { id: string; url: string }> {
  const res = await t.fetch(`/api/v1/jobs/${jobId}/assets${query}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body: bytes as BodyInit });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}

export interface Owned {
  job: Record<string, any> & { id: string; project_id: string | null };
  image: Record<string, any> & { id: string; url: string };
  text: Record<string, any> & { id: string };
  video: Record<string, any> & { id: string; url: string };
  /** The video's `/video/<proxy_id>` path from the owner's generation history. */
  proxyPath: string;
}

/** How a generator back-end names `owner`: a signed-in user by `user_id`, an anonymous session by `session_id`. */
export const ownerFields = (owner: TestUser): Record<string, unknown> => ('session_id' in owner ? { user_id: undefined, session_id: owner.session_id } : {});

/** A completed job of `owner` in its own project with an image, a text and a stored video (bytes of a sample). */
export async function ownedWork(t: Target, owner: TestUser, label: string): Promise<Owned> {
  const job = await ingest(t).job(owner, { app_id: 'text-to-video', project_name: `Project ${label}`, prompt: `work of ${label}`, status: 'completed', ...ownerFields(owner) });
  const image = await upload(t, job.id, PNG, 'image/png', `?title=${encodeURIComponent(`image ${label}`)}`);
  const text = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: `copy of ${label}`, title: `text ${label}` } });
  expect(text.status, text.text).toBe(201);
  const sample = [...mediaFiles().values()][0]!;
  const video = await upload(t, job.id, new Uint8Array(sample.bytes), 'video/mp4', `?title=${encodeURIComponent(`video ${label}`)}`);
  const history = await owner.get('/api/user-generations?type=text-to-video');
  expect(history.status, history.text).toBe(200);
  const proxyUrl = (history.body.generations as { id: string; proxy_url: string | null }[]).find((g) => g.id === job.id)?.proxy_url;
  expect(proxyUrl, history.text).toMatch(/\/video\/[^/]+$/);
  return { job: job as Owned['job'], image, text: text.body, video, proxyPath: new URL(proxyUrl!, 'http://x').pathname };
}
