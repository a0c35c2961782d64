/** What the element suites' API (test/wtr/genshelf-api.ts, Node) hands the browser through the `genshelf-env` command. */
export interface WidgetTestEnv {
  /** The API's origin, e.g. http://127.0.0.1:41234. */
  api: string;
  /** The sample data's user (about 60 jobs in every status). */
  demoToken: string;
  /** Signs more users' tokens (fixtures.ts makes one per test). */
  jwtSecret: string;
  ingestToken: string;
}
