/**
 * Real files for the demo jobs: small images, videos and copy in ./media (committed; produced
 * by scripts/make-sample-media.sh, the texts written by hand). Node only: read from disk next to
 * this module, written through the app's BlobStore, recorded with the assets service.
 */
import { readFile } from 'node:fs/promises';
import type { BlobStore } from '../blobs/types.ts';
import type { Db } from '../db/client.ts';
import { randomId } from '../lib/crypto.ts';
import { insertAsset } from '../services/assets.ts';

interface MediaFile {
  file: string;
  kind: 'image' | 'video';
  mime: string;
  width: number;
  height: number;
  durationMs?: number;
  title: string;
}

const image = (file: string, width: number, height: number, title: string): MediaFile => ({
  file,
  kind: 'image',
  mime: file.endsWith('.png') ? 'image/png' : 'image/webp',
  width,
  height,
  title,
});
const video = (file: string, width: number, height: number, durationMs: number, title: string): MediaFile => ({ file, kind: 'video', mime: 'video/mp4', width, height, durationMs, title });

/** What is in ./media (sizes and durations as ffprobe reports them). */
export const demoMedia = {
  summerReel: video('summer-sale-reel.mp4', 270, 480, 4000, 'Summer sale reel'),
  summerReelThumb: image('summer-sale-reel-thumb.webp', 270, 480, 'Summer sale reel (cover)'),
  venueCut: video('venue-drone-cut.mp4', 480, 270, 4000, 'Live at the venue'),
  venueCutThumb: image('venue-drone-cut-thumb.webp', 480, 270, 'Live at the venue (cover)'),
  carousel: video('carousel-sleep-tips.mp4', 270, 480, 4042, '7 tips for better sleep'),
  carouselThumb: image('carousel-sleep-tips-thumb.webp', 270, 480, '7 tips for better sleep (cover)'),
  carouselSlide: image('carousel-slide-1.webp', 270, 480, 'Sleep tips, slide 1'),
  paperBoat: video('paper-boat-dream.mp4', 480, 270, 4000, 'Paper boat'),
  paperBoatThumb: image('paper-boat-dream-thumb.webp', 480, 270, 'Paper boat (cover)'),
  animeRain: video('anime-panel-rain.mp4', 480, 270, 4000, 'Panel 3, rain and wind'),
  animeRainThumb: image('anime-panel-rain-thumb.webp', 480, 270, 'Panel 3 (cover)'),
  sneakerRun: video('sneaker-city-run.mp4', 270, 480, 4000, 'Drop 07 city run'),
  sneakerRunThumb: image('sneaker-city-run-thumb.webp', 270, 480, 'Drop 07 city run (cover)'),
  ytThumbnail: image('yt-thumbnail-30-days.png', 640, 360, 'I tried it for 30 days'),
  streamOverlay: image('stream-overlay-neon.png', 480, 270, 'Neon stream overlay'),
  cookingBanner: image('cooking-channel-banner.webp', 750, 250, 'Sunday Kitchen banner'),
  liveQaStory: image('live-qa-story.webp', 270, 480, 'Live Q&A story'),
  clipCover: image('clip-cover-ep12.png', 480, 270, 'Episode 12 cover'),
  mugProduct: image('mug-product.webp', 480, 480, 'Matte stoneware mug'),
  mugBanner: image('mug-store-banner.png', 750, 250, 'Mug store banner'),
} satisfies Record<string, MediaFile>;

/** Copywriting, as text assets. */
export const demoTexts = {
  summerCaptions: { file: 'summer-sale-captions.txt', title: 'Summer sale captions' },
  sleepCaption: { file: 'sleep-tips-carousel-caption.txt', title: 'Sleep tips caption' },
  liveQaPost: { file: 'live-qa-announcement.txt', title: 'Live Q&A announcement' },
  mugListing: { file: 'mug-amazon-listing.txt', title: 'Mug listing copy' },
  sneakerHooks: { file: 'sneaker-tiktok-hooks.txt', title: 'Drop 07 TikTok hooks' },
  paperBoatNotes: { file: 'paper-boat-scene-notes.txt', title: 'Paper boat scene notes' },
} satisfies Record<string, { file: string; title: string }>;

type MediaName = keyof typeof demoMedia;
type TextName = keyof typeof demoTexts;
type Output = { media: MediaName; assetType: string | null } | { text: TextName; assetType: string | null };

export interface DemoJob {
  id: string;
  appId: string;
  prompt: string;
  assetType: string | null;
  status: string;
  completedAt: number | null;
}

const brandImages: Record<string, MediaName> = {
  thumbnail: 'ytThumbnail',
  overlay: 'streamOverlay',
  banner: 'cookingBanner',
  story_graphic: 'liveQaStory',
  clip_cover: 'clipCover',
};

/**
 * What a finished job of an app produced. Video apps: the video and a `thumbnail` image (the
 * job's picture). Image apps: an image typed like the job. Some jobs also have copy, as their
 * prompts ask. `n` counts the app's finished jobs, to alternate between variants.
 */
export function outputsFor(job: Pick<DemoJob, 'appId' | 'prompt' | 'assetType'>, n: number): Output[] {
  const m = (media: MediaName, assetType: string | null = null): Output => ({ media, assetType });
  const t = (text: TextName, assetType: string | null): Output => ({ text, assetType });
  switch (job.appId) {
    case 'video-mixer': {
      const venue = /drone|venue/i.test(job.prompt) || (!/beach|summer/i.test(job.prompt) && n % 2 === 1);
      const out = venue ? [m('venueCut'), m('venueCutThumb', 'thumbnail')] : [m('summerReel'), m('summerReelThumb', 'thumbnail'), t('summerCaptions', 'caption')];
      if (job.assetType === 'clip_cover') out.push(m('clipCover', 'clip_cover'));
      return out;
    }
    case 'carousel-mix': {
      const out = [m('carousel'), m('carouselThumb', 'thumbnail'), t('sleepCaption', 'caption')];
      if (job.assetType === 'story_graphic') out.push(m('carouselSlide', 'story_graphic'));
      return out;
    }
    case 'text-to-video':
      return /paper boat/i.test(job.prompt) ? [m('paperBoat'), m('paperBoatThumb', 'thumbnail'), t('paperBoatNotes', 'script')] : [m('paperBoat'), m('paperBoatThumb', 'thumbnail')];
    case 'anime-motion':
      return [m('animeRain'), m('animeRainThumb', 'thumbnail')];
    case 'brand-studio': {
      const type = job.assetType ?? 'thumbnail';
      const out = [m(brandImages[type] ?? 'ytThumbnail', type)];
      if (type === 'story_graphic') out.push(t('liveQaPost', 'caption'));
      return out;
    }
    case 'product-studio': {
      const picture = job.assetType === 'banner' ? m('mugBanner', 'banner') : m('mugProduct', job.assetType);
      if (/video/i.test(job.prompt)) return [m('sneakerRun'), m('sneakerRunThumb', 'thumbnail')];
      if (/hook/i.test(job.prompt)) return [t('sneakerHooks', 'hooks'), m('sneakerRunThumb', 'thumbnail')];
      if (/listing/i.test(job.prompt)) return [t('mugListing', 'description'), picture];
      return job.assetType === 'banner' ? [picture, m('mugProduct')] : [picture];
    }
    default:
      return [];
  }
}

const mediaUrl = (file: string) => new URL(`./media/${file}`, import.meta.url);

/**
 * Attaches files to the completed and partial demo jobs (a partial job lost its last output).
 * Each file is stored once, under the key of the first asset that uses it
 * (`owner/jobId/assetId`, like an upload); later assets share that blob, which the purge
 * leaves alone while any row still refers to it. Returns the number of assets created.
 */
export async function attachDemoMedia(db: Db, blobs: BlobStore, owner: string, jobs: DemoJob[]): Promise<number> {
  const stored = new Map<string, { key: string; size: number; etag: string }>();
  const texts = new Map<string, string>();
  const perApp = new Map<string, number>();
  let created = 0;
  for (const job of jobs) {
    if ((job.status !== 'completed' && job.status !== 'partial') || job.completedAt === null) continue;
    const n = perApp.get(job.appId) ?? 0;
    perApp.set(job.appId, n + 1);
    let outputs = outputsFor(job, n);
    if (job.status === 'partial' && outputs.filter((o) => o.assetType !== 'thumbnail').length > 1) outputs = outputs.slice(0, -1);
    for (const [i, out] of outputs.entries()) {
      const id = randomId();
      const base = { id, jobId: job.id, owner, assetType: out.assetType, createdAt: job.completedAt + i };
      if ('text' in out) {
        const { file, title } = demoTexts[out.text];
        let text = texts.get(file);
        if (text === undefined) texts.set(file, (text = (await readFile(mediaUrl(file), 'utf8')).trim()));
        await insertAsset(db, { ...base, kind: 'text', mime: 'text/plain', textContent: text, size: new TextEncoder().encode(text).byteLength, title });
      } else {
        const media: MediaFile = demoMedia[out.media];
        let blob = stored.get(media.file);
        if (!blob) {
          const key = `${owner}/${job.id}/${id}`;
          const put = await blobs.put(key, new Uint8Array(await readFile(mediaUrl(media.file))), { contentType: media.mime, customMetadata: { job: job.id } });
          stored.set(media.file, (blob = { key, size: put.size, etag: put.etag }));
        }
        await insertAsset(db, {
          ...base,
          kind: media.kind,
          mime: media.mime,
          blobKey: blob.key,
          size: blob.size,
          etag: blob.etag,
          title: media.title,
          width: media.width,
          height: media.height,
          durationMs: media.durationMs,
        });
      }
      created++;
    }
  }
  return created;
}
