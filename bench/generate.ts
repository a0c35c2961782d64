/**
 * Builds the bench database: 1,000,000 jobs over 10,000 owners, one of them ("heavy") with
 * exactly 100,000 live jobs. The file is opened with the app's own `openDatabase()` (so the
 * migrations, and with them the FTS5 and job_counts triggers, are the real ones) and filled
 * with raw multi-row INSERTs in large transactions. A marker file records a finished build;
 * later runs re-use the database unless `--rebuild` is given.
 *
 * Deterministic: the same seed gives the same owners, prompts, statuses and times (ids are
 * random UUIDs, as the app makes them).
 */
import type { InStatement } from '@libsql/client';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../api/node.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { registerApps } from '../api/services/apps.ts';
import { prng, zipf } from './random.ts';

export const GENERATOR_VERSION = 5;

export interface BenchDataset {
  version: number;
  dbFile: string;
  jobs: number;
  owners: number;
  heavy: { sub: string; owner: string; jobs: number };
  typical: { sub: string; owner: string; jobs: number };
  rare: { term: string; jobs: number };
  common: { term: string; jobs: number; heavyJobs: number };
  trashed: number;
  projects: number;
  /** Jobs with an image output (every completed or partial one), which list pages show as signed thumbnails. */
  images: number;
  buildMs: number;
  builtAt: string;
  dbBytes: number;
  migrations: string[];
}

export interface GenerateOptions {
  dataDir: string;
  rebuild?: boolean;
  /** 1 = the budgeted size; smaller for trying the generator out. */
  scale?: number;
  log?: (line: string) => void;
}

// ---------------------------------------------------------------- vocabulary

export const RARE_TERM = 'zephyrquartz';
export const COMMON_TERM = 'cinematic';
const RARE_COUNT = 20;

// Ordered by how often they occur (Zipf): the first entries appear in a large share of prompts.
const styles = ['cinematic', 'photorealistic', 'minimalist', 'vibrant', 'moody', 'retro', 'pastel', 'neon', 'watercolor', 'studio', 'editorial', 'documentary', 'playful', 'elegant', 'gritty', 'dreamy', 'bold', 'monochrome', 'vintage film', 'isometric', 'low poly', 'claymation', 'paper cut', 'ukiyo-e', 'art deco', 'brutalist', 'cyberpunk', 'steampunk', 'baroque', 'bauhaus', 'synthwave', 'noir', 'impressionist', 'pop art', 'hand drawn', 'flat vector', 'glassmorphism', 'lo-fi', 'Y2K', 'vaporwave'];
const subjects = ['product shot', 'coffee cup', 'sneakers', 'golden retriever', 'city skyline', 'mountain lake', 'smartphone', 'skincare bottle', 'street food stall', 'yoga instructor', 'vintage car', 'astronaut', 'red fox', 'lighthouse', 'sushi platter', 'electric guitar', 'running shoes', 'wristwatch', 'cat', 'hot air balloon', 'sailboat', 'bakery counter', 'wind turbine', 'bonsai tree', 'chef', 'skateboarder', 'ballet dancer', 'desert caravan', 'robot', 'paper lantern', 'koi pond', 'espresso machine', 'leather handbag', 'perfume bottle', 'mechanical keyboard', 'drone', 'violinist', 'cherry blossoms', 'surfer', 'campfire', 'treehouse', 'snow leopard', 'jellyfish', 'tram', 'greenhouse', 'pottery wheel', 'typewriter', 'vinyl record', 'hummingbird', 'glacier', 'night market', 'food truck', 'barista', 'hiking boots', 'solar panel', 'ice cream cone', 'library', 'saxophone', 'origami crane', 'rainforest', 'windmill', 'fashion model', 'tennis racket', 'camper van', 'macaron tower', 'chess board', 'waterfall', 'penguin', 'lavender field', 'subway station', 'gaming headset', 'smartwatch', 'cocktail', 'ramen bowl', 'bicycle', 'podcast microphone', 'florist', 'tattoo artist', 'candle', 'denim jacket'];
const actions = ['slowly rotating', 'floating', 'walking', 'dancing', 'spinning', 'glowing', 'melting', 'flying over', 'emerging from', 'splashing into', 'transforming into', 'drifting past', 'racing through', 'resting on', 'bursting out of', 'reflected in', 'hovering above', 'sliding across'];
const settings = ['a rainy city street', 'a sunlit kitchen', 'a misty forest', 'a neon-lit alley', 'a white studio', 'a sandy beach', 'a snowy mountain pass', 'a busy market', 'an empty warehouse', 'a rooftop garden', 'a desert highway', 'a cozy living room', 'a futuristic lab', 'an underwater reef', 'a wheat field', 'a train platform', 'a marble bathroom', 'a concert stage', 'a quiet temple', 'a floating island', 'a candlelit restaurant', 'a mossy canyon', 'an art gallery', 'a foggy harbor'];
const lighting = ['soft light', 'golden hour', 'cinematic lighting', 'studio lighting', 'backlit', 'blue hour', 'harsh noon sun', 'rim light', 'candlelight', 'overcast', 'volumetric fog', 'neon glow', 'moonlight', 'high key', 'low key'];
const shots = ['close-up', 'wide shot', 'macro shot', 'aerial shot', 'tracking shot', 'slow push-in', 'top-down shot', 'dolly zoom', 'handheld shot', 'orbit shot'];
const moods = ['upbeat', 'calm', 'epic', 'nostalgic', 'energetic', 'mysterious', 'cozy', 'luxurious', 'whimsical', 'tense'];
const palettes = ['warm', 'cool', 'earthy', 'monochrome', 'pastel', 'jewel-tone', 'neon', 'muted', 'brand', 'sunset'];
const surfaces = ['a marble slab', 'raw linen', 'a wooden table', 'wet black stone', 'a mirror', 'sand', 'terrazzo', 'brushed steel'];
const brandAssets = ['YouTube thumbnail', 'stream overlay', 'Twitter banner', 'story graphic', 'clip cover', 'podcast cover', 'event poster'];
const brands = ['Northwind', 'Lumen', 'Acme', 'Bluebird', 'Kestrel', 'Marigold', 'Orbit', 'Pinecone', 'Quartzline', 'Riverstone', 'Sable', 'Tidewater'];
const topics = ['morning routines', 'better sleep', 'budget travel', 'home workouts', 'plant care', 'remote work', 'meal prep', 'saving money', 'skincare basics', 'productivity', 'photography tips', 'learning Spanish'];
const formats = ['vertical 9:16', 'square 1:1', 'widescreen 16:9', '15s vertical', '30s reel', '6s bumper'];
const errorMessages = ['Upstream model timed out after 120s', 'Content policy: the prompt was rejected', 'Out of GPU capacity, please retry', 'Input image could not be decoded', 'Render worker crashed (exit 137)'];

const APPS = ['video-mixer', 'carousel-mix', 'text-to-video', 'brand-studio', 'anime-motion', 'product-studio'] as const;
type AppId = (typeof APPS)[number];
const assetTypesByApp: Record<AppId, (string | null)[]> = {
  'video-mixer': ['clip_cover', null, null],
  'carousel-mix': ['story_graphic', null],
  'text-to-video': [null],
  'brand-studio': ['thumbnail', 'overlay', 'banner', 'story_graphic', 'clip_cover'],
  'anime-motion': [null],
  'product-studio': ['product_image', 'product_video', 'copy'],
};
const creditsByApp: Record<AppId, number> = { 'video-mixer': 12, 'carousel-mix': 6, 'text-to-video': 20, 'brand-studio': 2, 'anime-motion': 15, 'product-studio': 4 };
const pickApp = zipf(APPS, 0.6);

function promptMaker(rand: () => number) {
  const style = zipf(styles, 1.0);
  const subject = zipf(subjects, 0.9);
  const action = zipf(actions, 0.8);
  const setting = zipf(settings, 0.9);
  const light = zipf(lighting, 0.9);
  const shot = zipf(shots, 0.9);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return (app: AppId): string => {
    const r = rand;
    switch (app) {
      case 'video-mixer':
        return `Mix ${2 + Math.floor(r() * 9)} clips of ${subject(r())} ${action(r())} ${setting(r())} into a ${pick(moods)} ${pick(formats)} video, ${style(r())} grade, cuts on the beat`;
      case 'carousel-mix':
        return `${3 + Math.floor(r() * 8)}-slide carousel on ${pick(topics)}: ${style(r())} layout, ${pick(palettes)} palette, bold headlines`;
      case 'text-to-video':
        return `${shot(r())} of a ${subject(r())} ${action(r())} ${setting(r())}, ${light(r())}, ${style(r())}`;
      case 'brand-studio':
        return `${pick(brandAssets)} for ${pick(brands)}'s ${subject(r())} launch, ${style(r())} look, ${pick(palettes)} colours, logo top left`;
      case 'anime-motion':
        return `Anime-style ${subject(r())} ${action(r())} ${setting(r())}, ${pick(moods)} mood, ${light(r())}, ${style(r())}`;
      case 'product-studio':
        return `${shot(r())} of a ${subject(r())} on ${pick(surfaces)}, ${light(r())}, ${style(r())} product photography`;
    }
  };
}

// ---------------------------------------------------------------- the build

const COLUMNS = ['id', 'owner', 'app_id', 'project_id', 'asset_type', 'brand_kit_id', 'task_id', 'prompt', 'params', 'status', 'progress', 'error_message', 'credit_used', 'created_at', 'updated_at', 'completed_at', 'deleted_at'];
const ROWS_PER_STATEMENT = 500; // 17 × 500 = 8,500 parameters (SQLite allows 32,766)
const STATEMENTS_PER_TX = 40; // 20,000 rows per transaction

const dbFileOf = (dataDir: string, scale: number) => join(dataDir, scale === 1 ? 'bench.db' : `bench-${scale}.db`);
/** Written last, after the final commit and checkpoint: its presence means the build finished. */
const markerFile = (dataDir: string, scale: number) => `${dbFileOf(dataDir, scale)}.complete.json`;

/** The finished dataset described by the marker, or null when there is none (or it is stale). */
export function readDataset(dataDir: string, scale = 1): BenchDataset | null {
  const file = markerFile(dataDir, scale);
  if (!existsSync(file)) return null;
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as BenchDataset;
    if (d.version !== GENERATOR_VERSION || d.dbFile !== dbFileOf(dataDir, scale) || !existsSync(d.dbFile)) return null;
    return d;
  } catch {
    return null;
  }
}

export async function ensureDataset(opts: GenerateOptions): Promise<{ dataset: BenchDataset; built: boolean }> {
  const scale = opts.scale ?? 1;
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  if (!opts.rebuild) {
    const existing = readDataset(opts.dataDir, scale);
    if (existing) {
      log(`bench: re-using ${existing.dbFile} (${existing.jobs.toLocaleString('en')} jobs, built ${existing.builtAt} in ${(existing.buildMs / 1000).toFixed(1)} s; --rebuild to build it again)`);
      return { dataset: existing, built: false };
    }
  }
  return { dataset: await build(opts.dataDir, scale, log), built: true };
}

async function build(dataDir: string, scale: number, log: (l: string) => void): Promise<BenchDataset> {
  const started = performance.now();
  mkdirSync(dataDir, { recursive: true });
  rmSync(markerFile(dataDir, scale), { force: true });
  const dbFile = dbFileOf(dataDir, scale);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });

  const totalJobs = Math.round(1_000_000 * scale);
  const owners = Math.max(10, Math.round(10_000 * scale));
  const heavyJobs = Math.round(100_000 * scale);
  const rand = prng(0x9e3779b9);

  // ---- who owns what: owner 0 is the heavy one; the others get log-normally spread shares.
  const counts = new Int32Array(owners);
  counts[0] = heavyJobs;
  const rest = totalJobs - heavyJobs;
  const weights: number[] = [];
  for (let i = 1; i < owners; i++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    weights.push(Math.exp(0.7 * gauss));
  }
  const wsum = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  for (let i = 1; i < owners; i++) {
    counts[i] = Math.max(1, Math.floor((weights[i - 1]! / wsum) * rest));
    assigned += counts[i]!;
  }
  for (let i = 1; assigned < rest; i = (i % (owners - 1)) + 1) (counts[i]!++, assigned++);
  for (let i = owners - 1; assigned > rest; i = i > 1 ? i - 1 : owners - 1) if (counts[i]! > 1) (counts[i]!--, assigned--);

  // Row i (in created_at order) belongs to ownerOfRow[i]: a shuffled multiset, so every owner's
  // jobs are interleaved with everyone else's over the year, as in a real table.
  const ownerOfRow = new Int32Array(totalJobs);
  for (let o = 0, k = 0; o < owners; o++) for (let c = 0; c < counts[o]!; c++) ownerOfRow[k++] = o;
  for (let i = totalJobs - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = ownerOfRow[i]!;
    ownerOfRow[i] = ownerOfRow[j]!;
    ownerOfRow[j] = t;
  }
  const subOf = (o: number) => (o === 0 ? 'bench-heavy' : `bench-u${String(o).padStart(5, '0')}`);

  // The typical owner: the one whose job count is the median of the non-heavy owners.
  const sorted = Array.from(counts.subarray(1)).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const typicalIdx = counts.findIndex((c, i) => i > 0 && c === median);

  // Plant the rare term in RARE_COUNT of the heavy owner's jobs, spread over the year.
  const heavyRows: number[] = [];
  for (let i = 0; i < totalJobs; i++) if (ownerOfRow[i] === 0) heavyRows.push(i);
  const rareRows = new Set<number>();
  for (let k = 0; k < RARE_COUNT; k++) rareRows.add(heavyRows[Math.floor(((k + 0.5) / RARE_COUNT) * heavyRows.length)]!);

  const { db, client } = await openDatabase(`file:${dbFile}`);
  // Its jobs are the sample apps' (a fresh database's registry is empty).
  await registerApps(db, sampleApps, Date.now(), { replace: false });
  // Build-time connection tuning only (the server opens its own connection with the app's settings).
  await client.execute('PRAGMA cache_size = -1048576'); // 1 GiB page cache
  await client.execute('PRAGMA synchronous = OFF');
  await client.execute('PRAGMA temp_store = MEMORY');

  // ---- projects: a few per owner (the heavy owner has 60), ~60 % of jobs sit in one.
  const projectIds: string[][] = [];
  let projectCount = 0;
  const projectStmts: InStatement[] = [];
  let rows: unknown[] = [];
  const flushProjects = () => {
    if (!rows.length) return;
    const n = rows.length / 7;
    projectStmts.push({ sql: `INSERT INTO projects (id, owner, app_id, name, type, created_at, updated_at) VALUES ${Array(n).fill('(?,?,?,?,?,?,?)').join(',')}`, args: rows as never });
    rows = [];
  };
  const yearMs = 365 * 86_400_000;
  const end = Math.floor(Date.now() / 86_400_000) * 86_400_000; // today, 00:00 UTC
  const start = end - yearMs;
  for (let o = 0; o < owners; o++) {
    const n = o === 0 ? 60 : Math.floor(rand() * 5);
    const ids: string[] = [];
    for (let p = 0; p < n; p++) {
      const id = randomUUID();
      ids.push(id);
      const app = pickApp(rand());
      rows.push(id, `user:${subOf(o)}`, app, `${pick(topics, rand)} ${p + 1}`, app === 'carousel-mix' ? 'carousel' : app === 'product-studio' ? 'product' : 'general', start, start);
      if (rows.length >= 7 * 1000) flushProjects();
    }
    projectIds.push(ids);
    projectCount += n;
  }
  flushProjects();
  await client.batch(projectStmts, 'write');

  // ---- jobs, in created_at order (as a live table would have them).
  const makePrompt = promptMaker(rand);
  const spacing = yearMs / totalJobs;
  const recent = end - 3 * 86_400_000;
  let commonJobs = 0;
  let commonHeavy = 0;
  let trashed = 0;
  let stmts: InStatement[] = [];
  let args: unknown[] = [];
  let inStmt = 0;
  let lastReport = performance.now();
  let taskSeq = 0;

  const flushStatement = () => {
    if (!inStmt) return;
    stmts.push({ sql: `INSERT INTO jobs (${COLUMNS.join(',')}) VALUES ${Array(inStmt).fill(`(${COLUMNS.map(() => '?').join(',')})`).join(',')}`, args: args as never });
    args = [];
    inStmt = 0;
  };
  const flushTx = async () => {
    flushStatement();
    if (stmts.length) await client.batch(stmts, 'write');
    stmts = [];
  };

  for (let i = 0; i < totalJobs; i++) {
    const o = ownerOfRow[i]!;
    const createdAt = Math.floor(start + i * spacing + rand() * spacing * 0.9);
    const app = pickApp(rand());
    let prompt = makePrompt(app);
    if (rareRows.has(i)) prompt = `${prompt}, ${RARE_TERM} crystal texture`;
    if (prompt.toLowerCase().includes(COMMON_TERM)) {
      commonJobs++;
      if (o === 0) commonHeavy++;
    }
    // Old jobs have finished; only the last few days still have queued/processing ones.
    const r = rand();
    let status: string;
    if (createdAt >= recent && r < 0.25) status = r < 0.1 ? 'queued' : 'processing';
    else status = r < 0.86 ? 'completed' : r < 0.95 ? 'failed' : 'partial';
    const terminal = status === 'completed' || status === 'failed' || status === 'partial';
    const durationMs = 5_000 + Math.floor(rand() * 240_000);
    const progress = status === 'completed' || status === 'partial' ? 100 : status === 'queued' ? 0 : status === 'failed' ? Math.floor(rand() * 90) : 5 + Math.floor(rand() * 90);
    const credits = status === 'failed' ? 0 : Math.round(creditsByApp[app] * (0.5 + rand()) * 100) / 100;
    const projects = projectIds[o]!;
    const projectId = projects.length && rand() < 0.6 ? projects[Math.floor(rand() * projects.length)]! : null;
    const types = assetTypesByApp[app];
    const assetType = types[Math.floor(rand() * types.length)] ?? null;
    // 1 % of the other owners' jobs sit in the trash (trashed in the last 20 days, so inside the
    // retention window and not purged by the server's maintenance task); the heavy owner's
    // 100,000 are all live.
    const deletedAt = o !== 0 && rand() < 0.01 && terminal ? Math.max(createdAt + durationMs, end - Math.floor(rand() * 20 * 86_400_000)) : null;
    if (deletedAt !== null) trashed++;
    const params = JSON.stringify({ aspect_ratio: pick(['9:16', '1:1', '16:9', '4:5'], rand), seed: Math.floor(rand() * 1e9), model: pick(['gen-3', 'gen-3-turbo', 'flux-pro', 'sdxl'], rand), duration_s: app.includes('video') || app === 'anime-motion' ? 5 + Math.floor(rand() * 25) : undefined });
    args.push(
      randomUUID(),
      `user:${subOf(o)}`,
      app,
      projectId,
      assetType,
      app === 'brand-studio' ? `bk_${o}_${Math.floor(rand() * 3)}` : null,
      rand() < 0.7 ? `${app}-task-${++taskSeq}` : null,
      prompt,
      params,
      status,
      progress,
      status === 'failed' ? pick(errorMessages, rand) : null,
      credits,
      createdAt,
      terminal ? createdAt + durationMs : createdAt + Math.floor(durationMs / 3),
      terminal ? createdAt + durationMs : null,
      deletedAt,
    );
    if (++inStmt === ROWS_PER_STATEMENT) {
      flushStatement();
      if (stmts.length === STATEMENTS_PER_TX) await flushTx();
    }
    const now = performance.now();
    if (now - lastReport > 2000 || i === totalJobs - 1) {
      lastReport = now;
      const done = i + 1;
      const rate = done / ((now - started) / 1000);
      log(`bench: building jobs ${done.toLocaleString('en')} / ${totalJobs.toLocaleString('en')} (${Math.round(rate).toLocaleString('en')} rows/s, ~${Math.round((totalJobs - done) / rate)} s left)`);
    }
  }
  await flushTx();

  // Every finished job made an image, kept in the blob store (the bytes themselves are not
  // written: list pages only sign the thumbnail's URL), trashed with its job.
  log('bench: adding an image output to every completed or partial job …');
  await client.execute(`INSERT INTO assets (id, job_id, owner, kind, asset_type, blob_key, mime, width, height, size, created_at, deleted_at)
    SELECT lower(hex(randomblob(16))), id, owner, 'image', asset_type, 'bench/' || id || '.png', 'image/png', 1024, 1024, 350000, completed_at, deleted_at
    FROM jobs WHERE status IN ('completed', 'partial')`);
  const images = Number((await client.execute('SELECT count(*) FROM assets')).rows[0]![0]);

  log('bench: checking the trigger-kept counters and the FTS index …');
  const check = async (sql: string) => Number((await client.execute(sql)).rows[0]![0]);
  const live = await check('SELECT count(*) FROM jobs WHERE deleted_at IS NULL');
  const counted = await check('SELECT coalesce(sum(n), 0) FROM job_counts');
  if (live !== counted) throw new Error(`job_counts says ${counted} live jobs, the table has ${live}`);
  const heavyCounted = await check("SELECT coalesce(sum(n), 0) FROM job_counts WHERE owner = 'user:bench-heavy'");
  if (heavyCounted !== heavyJobs) throw new Error(`the heavy owner has ${heavyCounted} live jobs, expected ${heavyJobs}`);
  const rareFound = await check(`SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH '"${RARE_TERM}"'`);
  if (rareFound !== RARE_COUNT) throw new Error(`FTS finds ${rareFound} jobs with "${RARE_TERM}", expected ${RARE_COUNT}`);

  // A running deployment keeps the search index merged (api/tasks/maintenance.ts mergeSearchIndex,
  // every 30 minutes); bring the fresh database to that steady state in one go.
  log('bench: merging the search index (as the maintenance task does over time) …');
  await client.execute("INSERT INTO jobs_fts(jobs_fts) VALUES ('optimize')");

  log('bench: checkpointing the WAL …');
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  client.close();

  const dataset: BenchDataset = {
    version: GENERATOR_VERSION,
    dbFile,
    jobs: totalJobs,
    owners,
    heavy: { sub: subOf(0), owner: `user:${subOf(0)}`, jobs: heavyJobs },
    typical: { sub: subOf(typicalIdx), owner: `user:${subOf(typicalIdx)}`, jobs: counts[typicalIdx]! },
    rare: { term: RARE_TERM, jobs: RARE_COUNT },
    common: { term: COMMON_TERM, jobs: commonJobs, heavyJobs: commonHeavy },
    trashed,
    projects: projectCount,
    images,
    buildMs: Math.round(performance.now() - started),
    builtAt: new Date().toISOString(),
    dbBytes: statSync(dbFile).size,
    migrations: readdirSync(join(dirname(new URL(import.meta.url).pathname), '..', 'drizzle')).filter((f) => f.endsWith('.sql')).sort(),
  };
  writeFileSync(markerFile(dataDir, scale), JSON.stringify(dataset, null, 2) + '\n');
  log(`bench: built ${dbFile} in ${(dataset.buildMs / 1000).toFixed(1)} s (${(dataset.dbBytes / 2 ** 20).toFixed(0)} MiB)`);
  return dataset;
}

function pick<T>(xs: readonly T[], rand: () => number): T {
  return xs[Math.floor(rand() * xs.length)]!;
}
