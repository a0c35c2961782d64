import { AppsFile } from '../schemas/apps.ts';

/**
 * The six generator apps of the sample data: registered with it (api/sample/demo-data.ts), like
 * any operator's apps would be (`PUT /api/v1/apps/:id`, `APPS_FILE`). Their icons are drawn in
 * white on a 20-unit grid, padded so the glyph takes 70 % of the app's coloured tile; parsed like
 * an `APPS_FILE`, so they pass the same checks.
 */
const icon = (d: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4.3 -4.3 28.6 28.6" fill="none" stroke="#fff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"><path d="${d}"/></svg>`;

export const sampleApps = AppsFile.parse([
  // A clapperboard. (Seed 000's colours: video mixer purple, carousel mix blue.)
  { id: 'video-mixer', name: 'Video Mixer', icon: '🎬', color: 'purple', description: 'Mixes clips into new videos', position: 1, icon_svg: icon('M3 8h14v8.5H3zM3 8l1.5-4.5 13 0L16 8M7 3.5 6 8M11.5 3.5 10.5 8') },
  // Three stacked cards, the front one centred.
  { id: 'carousel-mix', name: 'Carousel Mix', icon: '🎠', color: 'blue', description: 'Turns image sets into carousel videos', position: 2, icon_svg: icon('M6 5h8v10H6zM3 7v6M17 7v6') },
  // Lines of text turning into a play button.
  { id: 'text-to-video', name: 'Text to Video', icon: '🎥', color: 'cyan', description: 'Generates videos from a text prompt', position: 3, icon_svg: icon('M3 5h7M3 9h5M3 13h4M11 8.5v7l6-3.5z') },
  // A picture with a sun and a hill.
  { id: 'brand-studio', name: 'Brand Studio', icon: '🖼️', color: 'pink', description: 'Thumbnails, overlays, banners and story graphics from a brand kit', position: 4, icon_svg: icon('M3 4h14v12H3zM3 13l4-4 4 4 2-2 4 4M13 8.2a1.2 1.2 0 1 0 0-.01') },
  // A spiral.
  { id: 'anime-motion', name: 'Anime Motion', icon: '🌀', color: 'teal', description: 'Turns images and prompts into anime-style clips', position: 5, icon_svg: icon('M10 10a1.5 1.5 0 0 1 3 0 3 3 0 0 1-6 0 4.5 4.5 0 0 1 9 0 6 6 0 0 1-12 0') },
  // A shopping bag.
  { id: 'product-studio', name: 'Product Studio', icon: '🛍️', color: 'indigo', description: 'Product images, videos and copywriting', position: 6, icon_svg: icon('M4 7h12l-1 10H5zM7.5 9V6a2.5 2.5 0 0 1 5 0v3') },
]);
