import { fileURLToPath } from 'node:url';
import { performanceSuite, securitySuite } from '../../src/index.js';

// The one-line form plugin authors use: each call registers a describe block of tests.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

securitySuite(fixture('weather'), {
  fuzzRuns: 10,
  env: { WEATHER_UNITS: 'metric' },
  net: [{ url: /^https:\/\/api\.weather\.test\//, response: { json: { temperature: 21 } } }],
});

performanceSuite(fixture('bundle'), {
  iterations: 20,
  warmup: 2,
  inputs: { 'bundle.add': { a: 1, b: 2 } },
  budgets: { coldLoadMs: 60_000, activationMs: 60_000, p99Ms: 60_000 },
});
