/**
 * Real files for the demo jobs: small images, videos and copy in ./media (committed; produced
 * by scripts/make-sample-media.sh, the texts written by hand). Node only: read from disk next to
 * this module, written through the app's BlobStore, recorded with the assets service.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../lib/package-root.ts';
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
  beachCut: video('beach-broll-cut.mp4', 270, 480, 4000, 'Beach day cut'),
  beachCutThumb: image('beach-broll-cut-thumb.webp', 270, 480, 'Beach day cut (cover)'),
  summerReelEs: video('summer-reel-es.mp4', 270, 480, 4000, 'Rebajas de verano (ES)'),
  summerReelEsThumb: image('summer-reel-es-thumb.webp', 270, 480, 'Rebajas de verano (cover)'),
  morningCarousel: video('carousel-morning-routine.mp4', 270, 480, 4042, '5 steps to a calm morning'),
  morningCarouselThumb: image('carousel-morning-routine-thumb.webp', 270, 480, '5 steps to a calm morning (cover)'),
  springCarousel: video('carousel-spring-catalogue.mp4', 270, 480, 4042, 'Spring catalogue'),
  springCarouselThumb: image('carousel-spring-catalogue-thumb.webp', 270, 480, 'Spring catalogue (cover)'),
  sourdough: video('sourdough-rise.mp4', 480, 270, 4000, 'Sourdough timelapse'),
  sourdoughThumb: image('sourdough-rise-thumb.webp', 480, 270, 'Sourdough timelapse (cover)'),
  astronautCat: video('astronaut-cat.mp4', 480, 270, 4000, 'Astronaut cat'),
  astronautCatThumb: image('astronaut-cat-thumb.webp', 480, 270, 'Astronaut cat (cover)'),
  mistyPines: video('misty-pines-dawn.mp4', 480, 270, 4000, 'Misty pines at dawn'),
  mistyPinesThumb: image('misty-pines-dawn-thumb.webp', 480, 270, 'Misty pines at dawn (cover)'),
  animeCinematic: video('anime-cinematic.mp4', 480, 270, 4000, 'Anime cut'),
  animeCinematicThumb: image('anime-cinematic-thumb.webp', 480, 270, 'Anime cut (cover)'),
  animeHeroWind: video('anime-hero-wind.mp4', 480, 270, 4000, 'Hero in the wind'),
  animeHeroWindThumb: image('anime-hero-wind-thumb.webp', 480, 270, 'Hero in the wind (cover)'),
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

/** A video and its poster (the job's `thumbnail`), for the video apps. */
const clip = (media: MediaName, poster: MediaName): Output[] => [
  { media, assetType: null },
  { media: poster, assetType: 'thumbnail' },
];

/**
 * What a finished job produced, picked by what its prompt asks for, so every job shows its own
 * picture. Video apps: the video and a `thumbnail` image (the job's picture). Image apps: an
 * image typed like the job. Some jobs also have copy, as their prompts ask.
 */
export function outputsFor(job: Pick<DemoJob, 'appId' | 'prompt' | 'assetType'>): Output[] {
  const m = (media: MediaName, assetType: string | null = null): Output => ({ media, assetType });
  const t = (text: TextName, assetType: string | null): Output => ({ text, assetType });
  const says = (re: RegExp) => re.test(job.prompt);
  switch (job.appId) {
    case 'video-mixer': {
      const out = says(/drone|venue/i)
        ? clip('venueCut', 'venueCutThumb')
        : says(/spanish/i)
          ? clip('summerReelEs', 'summerReelEsThumb')
          : says(/beach/i)
            ? clip('beachCut', 'beachCutThumb')
            : [...clip('summerReel', 'summerReelThumb'), t('summerCaptions', 'caption')];
      if (job.assetType === 'clip_cover') out.push(m('clipCover', 'clip_cover'));
      return out;
    }
    case 'carousel-mix': {
      if (says(/morning/i)) return clip('morningCarousel', 'morningCarouselThumb');
      if (says(/catalogue/i)) return clip('springCarousel', 'springCarouselThumb');
      const out = [...clip('carousel', 'carouselThumb'), t('sleepCaption', 'caption')];
      if (job.assetType === 'story_graphic') out.push(m('carouselSlide', 'story_graphic'));
      return out;
    }
    case 'text-to-video':
      if (says(/sourdough/i)) return clip('sourdough', 'sourdoughThumb');
      if (says(/astronaut|cat/i)) return clip('astronautCat', 'astronautCatThumb');
      if (says(/forest|pine/i)) return clip('mistyPines', 'mistyPinesThumb');
      return [...clip('paperBoat', 'paperBoatThumb'), t('paperBoatNotes', 'script')];
    case 'anime-motion':
      if (says(/rain/i)) return clip('animeRain', 'animeRainThumb');
      if (says(/hair|wind/i)) return clip('animeHeroWind', 'animeHeroWindThumb');
      return clip('animeCinematic', 'animeCinematicThumb');
    case 'brand-studio': {
      const type = job.assetType ?? 'thumbnail';
      const out = [m(brandImages[type] ?? 'ytThumbnail', type)];
      if (type === 'story_graphic') out.push(t('liveQaPost', 'caption'));
      return out;
    }
    case 'product-studio': {
      if (says(/video/i)) return clip('sneakerRun', 'sneakerRunThumb');
      if (says(/hook/i)) return [t('sneakerHooks', 'hooks'), m('sneakerRunThumb', 'thumbnail')];
      const picture = job.assetType === 'banner' ? m('mugBanner', 'banner') : m('mugProduct', job.assetType);
      if (says(/listing/i)) return [t('mugListing', 'description'), picture];
      return job.assetType === 'banner' ? [picture, m('mugProduct')] : [picture];
    }
    default:
      return [];
  }
}

// From the package's root, not this module: the built server (dist/server/) has it at another depth.
const mediaUrl = (file: string) => pathToFileURL(join(packageRoot(import.meta.url), 'api', 'sample', 'media', file));

/**
 * Attaches files to the completed and partial demo jobs (a partial job lost its last output).
 * Each file is stored once, under the key of the first asset that uses it
 * (`owner/jobId/assetId`, like an upload); later assets share that blob, which the purge
 * leaves alone while any row still refers to it. Returns the number of assets created.
 */
export async function attachDemoMedia(db: Db, blobs: BlobStore, owner: string, jobs: DemoJob[]): Promise<number> {
  const stored = new Map<string, { key: string; size: number; etag: string }>();
  const texts = new Map<string, string>();
  let created = 0;
  for (const job of jobs) {
    if ((job.status !== 'completed' && job.status !== 'partial') || job.completedAt === null) continue;
    let outputs = outputsFor(job);
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
