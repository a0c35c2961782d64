/** What global-setup.ts (Node) hands the browser tests through `inject('genshelf')`. */
export interface WidgetTestEnv {
  /** The API's origin, e.g. http://127.0.0.1:41234. */
  api: string;
  /** The sample data's user (about 60 jobs in every status). */
  demoToken: string;
  /** Signs more users' tokens (fixtures.ts makes one per test). */
  jwtSecret: string;
  ingestToken: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    genshelf: WidgetTestEnv;
  }
}
