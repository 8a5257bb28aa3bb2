import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';

// Measures load, activation and per-call latency of every contribution through the host, and
// fails when a contribution errors. Add budgets to fail on slowness too, e.g.
// `budgets: { coldLoadMs: 200, p99Ms: 5, overheadMs: 1 }`, and `reportFile` to keep the
// JSON report as a CI artifact.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), { iterations: 50 });
