/**
 * Set-up for every widget test file (in the browser).
 *
 * `vi.waitFor` gives up after 1 s by default. CI runs the API suite, the widget tests and a
 * Chromium or two on 2 shared cores, where a poll or a render can take longer than that without
 * anything being wrong; a test that waits for something that never comes still fails, later.
 * Calls that pass their own timeout keep it.
 */
import { vi } from 'vitest';

const WAIT_FOR_MS = 5000;
const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) => waitFor(callback, typeof options === 'number' ? options : { timeout: WAIT_FOR_MS, ...options })) as typeof vi.waitFor;
