/**
 * WTR's default reporter, but a test file that passed prints nothing: its browser logs (Lit's
 * dev-mode notes, say) are shown only when the file failed, as vitest's `silent: 'passed-only'`
 * did. Failures, their logs and the run's progress and totals are reported as usual.
 */
import { defaultReporter, type Reporter } from '@web/test-runner';

export function quietReporter(): Reporter {
  const inner = defaultReporter();
  return {
    ...inner,
    reportTestFileResults(args) {
      const sessionsForTestFile = args.sessionsForTestFile.map((session) => (session.passed ? { ...session, logs: [] } : session));
      inner.reportTestFileResults?.({ ...args, sessionsForTestFile });
    },
  };
}
