/**
 * A WTR reporter that writes the run's totals as JSON (`{passed, failed, skipped}`) to `file`,
 * for .ci/run's closing line. A test file that failed outside any test (it did not load, a hook
 * threw) counts as one failure.
 */
import type { Reporter } from '@web/test-runner';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Suite = { tests: { passed: boolean; skipped: boolean }[]; suites: Suite[] };
const testsOf = (suite: Suite | undefined): Suite['tests'] => (suite ? [...suite.tests, ...suite.suites.flatMap(testsOf)] : []);

export function summaryReporter(file: string): Reporter {
  return {
    stop({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const tests = testsOf(session.testResults as Suite | undefined);
        for (const t of tests) totals[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed'] += 1;
        if (!session.passed && !tests.some((t) => !t.passed && !t.skipped)) totals.failed += 1;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(totals)}\n`);
    },
  };
}
