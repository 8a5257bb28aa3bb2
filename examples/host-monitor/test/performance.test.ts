import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';

// Measures load, activation and the latency of monitor.prometheus through the host (one
// ctx.metrics.read and one prom-client render per call), and fails when a call errors or a
// scrape takes longer than a Prometheus scrape interval can afford.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), {
  iterations: 50,
  budgets: { p99Ms: 50 },
});
