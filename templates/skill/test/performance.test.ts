import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';

// Measures load, activation and per-call latency through the host with a typical question
// (a quarter with holidays), and fails when the skill errors. Add budgets to fail on slowness
// too, e.g. `budgets: { coldLoadMs: 200, p99Ms: 5, overheadMs: 1 }`, and `reportFile` to
// keep the JSON report as a CI artifact.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), {
  iterations: 50,
  inputs: {
    'dates.business-days': {
      from: '2025-01-01',
      to: '2025-03-31',
      holidays: ['2025-01-01', '2025-01-20', '2025-02-17'],
    },
  },
});
