export * from './apps.ts';
export * from './projects.ts';
export * from './jobs.ts';
export * from './assets.ts';
export * from './settings.ts';
export * from './blobs.ts';
export * from './events.ts';
