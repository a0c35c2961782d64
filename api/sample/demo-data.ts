import { count, eq } from 'drizzle-orm';
import type { BlobStore } from '../blobs/types.ts';
import type { Db } from '../db/client.ts';
import { assets, jobs, projects, terminalStatuses, type EventType, type JobStatus } from '../db/schema/index.ts';
import { registerApps } from '../services/apps.ts';
import { insertEvents, type NewEvent } from '../services/events.ts';
import { sampleApps } from './apps.ts';
import { randomId } from '../lib/crypto.ts';
import { attachDemoMedia } from './demo-media.ts';

export const DEMO_SUBJECT = 'demo-user';
const OWNER = `user:${DEMO_SUBJECT}`;

/**
 * Per app: what its jobs produce, and prompts a real user would write, each in the project it
 * belongs to (a job's media, from ./demo-media.ts, shows what its prompt asks for).
 */
const catalogue: Record<string, { projects: string[]; assetTypes: (string | null)[]; prompts: [prompt: string, project: string, assetType?: string][]; credits: number }> = {
  'video-mixer': {
    projects: ['Summer Sale Reels', 'Launch Night Teasers'],
    assetTypes: ['clip_cover', null],
    prompts: [
      ['Mix the beach b-roll with upbeat transitions, 15s vertical cut', 'Summer Sale Reels'],
      ['Combine product close-ups with the summer jingle, fast cuts on the beat', 'Summer Sale Reels'],
      ["Remix last week's top reel with new captions in Spanish", 'Summer Sale Reels'],
      ['Blend drone shots of the venue with crowd clips, cinematic grade', 'Launch Night Teasers'],
    ],
    credits: 12,
  },
  'carousel-mix': {
    projects: ['Product Launch Carousel', 'Weekly Tips'],
    assetTypes: [null],
    prompts: [
      ['Five-slide carousel on morning routines, pastel palette', 'Weekly Tips'],
      ['Turn the spring catalogue photos into a swipeable carousel video', 'Product Launch Carousel'],
      // Its first slide doubles as a story graphic.
      ['Carousel: 7 tips for better sleep, bold headlines, brand fonts', 'Weekly Tips', 'story_graphic'],
    ],
    credits: 6,
  },
  'text-to-video': {
    projects: ['Explainers'],
    assetTypes: [null],
    prompts: [
      ['A paper boat sailing down a rainy city street, macro lens, golden hour', 'Explainers'],
      ['Timelapse of a sourdough loaf rising, cosy kitchen, soft light', 'Explainers'],
      ['An astronaut cat floating past the space station window, playful', 'Explainers'],
      ['Aerial shot over misty pine forest at dawn, slow push-in', 'Explainers'],
    ],
    credits: 20,
  },
  'brand-studio': {
    projects: ['Channel Refresh'],
    assetTypes: ['thumbnail', 'overlay', 'banner', 'story_graphic', 'clip_cover'],
    prompts: [
      ['YouTube thumbnail: shocked face, bold yellow text "I tried it for 30 days"', 'Channel Refresh'],
      ['Stream overlay with neon cyan frame and purple accents', 'Channel Refresh'],
      ['Twitter banner for a cooking channel, warm tones, logo left', 'Channel Refresh'],
      ['Story graphic announcing the live Q&A on Friday', 'Channel Refresh'],
      ['Clip cover for episode 12 of the channel refresh, bold title on a dark band', 'Channel Refresh'],
    ],
    credits: 2,
  },
  'anime-motion': {
    projects: ['Manga Panels'],
    assetTypes: [null],
    prompts: [
      ['turn this into anime, cinematic', 'Manga Panels'],
      ['animate panel 3 with rain and wind, studio style', 'Manga Panels'],
      ["make the hero's hair move in the wind, soft glow", 'Manga Panels'],
    ],
    credits: 15,
  },
  'product-studio': {
    projects: ['Ceramic Mug Listing', 'Sneaker Drop'],
    assetTypes: ['banner', 'thumbnail', null],
    prompts: [
      ['Product shots of the matte ceramic mug on a linen table, three angles', 'Ceramic Mug Listing'],
      ['Write an Amazon listing for the handmade ceramic mug, friendly tone', 'Ceramic Mug Listing'],
      ['TikTok hook lines for the limited sneaker drop', 'Sneaker Drop'],
      ['Lifestyle video of the sneakers on a city run, 9:16', 'Sneaker Drop'],
    ],
    credits: 4,
  },
};

/** A small deterministic PRNG, so every fresh database gets the same believable data. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A brand-studio prompt names what it makes; the job (and the image it gets) is of that type. */
const brandTypes: [string, RegExp][] = [['thumbnail', /thumbnail/i], ['overlay', /overlay/i], ['banner', /banner/i], ['story_graphic', /story graphic/i], ['clip_cover', /clip cover/i]];
const typeInPrompt = (prompt: string) => brandTypes.find(([, re]) => re.test(prompt))?.[0];

const failures = ['Upstream provider timed out after 120s', 'Prompt was rejected by the content filter', 'Source video could not be decoded'];

/**
 * Fills an empty database with a demo user's projects and ~60 jobs across every app and
 * status, spread over the last 60 days (more of them lately), and gives the finished ones real files (images,
 * videos, copy from ./media, written to `blobs`). Registers the sample apps that are missing;
 * adds no jobs if any job exists.
 */
export async function seedDemoData(db: Db, blobs: BlobStore, now: number, jobCount = 60): Promise<boolean> {
  // The sample apps are sample data too; an operator's changes to them are kept.
  await registerApps(db, sampleApps, now, { replace: false });
  const [existing] = await db.select({ n: count() }).from(jobs);
  if ((existing?.n ?? 0) > 0) return false;
  const rand = mulberry32(42);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const projectIds = new Map<string, { id: string; appId: string }>();
  const projectRows = Object.entries(catalogue).flatMap(([appId, c]) =>
    c.projects.map((name, i) => {
      const id = randomId();
      projectIds.set(name, { id, appId });
      const createdAt = now - (65 - i) * 86_400_000;
      // One finished campaign is archived, so the project list's status filter has something to show.
      const status = name === 'Launch Night Teasers' ? ('archived' as const) : ('active' as const);
      return { id, owner: OWNER, appId, name, type: appId, status, createdAt, updatedAt: createdAt };
    }),
  );

  const appIds = Object.keys(catalogue);
  // The newest few are still running, so the demo shows live progress; the rest are history.
  const statusFor = (i: number): JobStatus => {
    if (i < 2) return 'processing';
    if (i < 4) return 'queued';
    return pick(['completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'partial', 'completed'] as const);
  };
  const jobRows = Array.from({ length: jobCount }, (_, i) => {
    const appId = appIds[i % appIds.length]!;
    const c = catalogue[appId]!;
    const status = statusFor(i);
    // Two months, busier lately: about 34 of 60 jobs in the last 30 days, 26 in the 30 before.
    const createdAt = now - Math.floor((i / jobCount) ** 1.25 * 60 * 86_400_000 + rand() * 3_600_000);
    const terminal = terminalStatuses.includes(status);
    const completedAt = terminal ? createdAt + Math.floor(30_000 + rand() * 240_000) : null;
    const pickedType = pick(c.assetTypes);
    // Projects once came from the generator too; drawing its number keeps every other choice as it was.
    rand();
    // Prompts take turns within an app, so the demo shows each of them (and each brand-studio type).
    const [prompt, project, promptType] = c.prompts[Math.floor(i / appIds.length) % c.prompts.length]!;
    const assetType = promptType ?? (appId === 'brand-studio' ? (typeInPrompt(prompt) ?? pickedType) : pickedType);
    return {
      id: randomId(),
      owner: OWNER,
      appId,
      projectId: projectIds.get(project)!.id,
      assetType,
      prompt,
      params: JSON.stringify({ aspect_ratio: pick(['9:16', '1:1', '16:9', '4:5']), seed: Math.floor(rand() * 1e6) }),
      status,
      progress: status === 'completed' ? 100 : status === 'processing' ? 20 + Math.floor(rand() * 60) : status === 'queued' ? 0 : Math.floor(rand() * 90),
      errorMessage: status === 'failed' ? pick(failures) : status === 'partial' ? '1 of 3 outputs failed to render' : null,
      creditUsed: status === 'queued' ? 0 : c.credits,
      createdAt,
      updatedAt: completedAt ?? createdAt,
      completedAt,
    };
  });

  await db.batch([db.insert(projects).values(projectRows), db.insert(jobs).values(jobRows)]);
  await attachDemoMedia(db, blobs, OWNER, jobRows);
  await seedDemoEvents(db, now, rand);
  return true;
}

/**
 * Two months of usage on the demo files, so the insights have real numbers and real changes
 * against the previous period: each file is seen most in its first days (videos more than
 * images, images more than copy), the audience grows over the two months and is busier at
 * weekends, and a growing share of the views become clicks, downloads, shares and conversions.
 */
async function seedDemoEvents(db: Db, now: number, rand: () => number): Promise<void> {
  const DAY = 86_400_000;
  const files = await db.select({ id: assets.id, kind: assets.kind, createdAt: assets.createdAt }).from(assets).where(eq(assets.owner, OWNER));
  const batch: NewEvent[] = [];
  for (const f of files) {
    const appeal = (f.kind === 'video' ? 40 : f.kind === 'image' ? 22 : 8) * (0.4 + rand());
    for (let start = f.createdAt; start < now; start += DAY) {
      const daysOld = (start - f.createdAt) / DAY;
      const daysAgo = (now - start) / DAY;
      const audience = 0.8 + 0.3 * Math.max(0, 1 - daysAgo / 60);
      const weekend = [0, 6].includes(new Date(start).getUTCDay()) ? 1.25 : 1;
      const views = Math.round(appeal * (Math.exp(-daysOld / 6) + 0.015) * audience * weekend * (0.5 + rand()));
      const engagement = 0.9 + 0.2 * Math.max(0, 1 - daysAgo / 60);
      const rates: [EventType, number][] = [['view', 1], ['click', 0.11 * engagement], ['download', 0.05 * engagement], ['share', 0.025 * engagement], ['conversion', 0.012 * engagement]];
      for (const [type, rate] of rates) {
        const n = type === 'view' ? views : Math.floor(views * rate + rand());
        for (let i = 0; i < n; i++) batch.push({ id: randomId(), assetId: f.id, type, at: Math.min(now - 1, start + Math.floor(rand() * DAY)) });
      }
    }
  }
  for (let i = 0; i < batch.length; i += 2000) await insertEvents(db, OWNER, batch.slice(i, i + 2000));
}
