import { fileURLToPath } from 'node:url';
import { createInProcessExecutor } from '@stack-plugin/host';
import { describe, expect, it } from 'vitest';
import { runSecuritySuite, type SecurityFinding } from '../../src/index.js';
import { ticketsCapabilities } from './_tickets-capability.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const errorsOf = (findings: readonly SecurityFinding[], check: string) =>
  findings.filter((f) => f.check === check && f.severity === 'error').map((f) => f.message);

describe('runSecuritySuite', () => {
  it('passes a well-behaved plugin and reports its permission use', async () => {
    const report = await runSecuritySuite(fixture('weather'), {
      fuzzRuns: 10,
      env: { WEATHER_UNITS: 'metric' },
      net: [{ url: /^https:\/\/api\.weather\.test\//, response: { json: { temperature: 21 } } }],
    });
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.permissions).toEqual({
      declared: [
        'net:api.weather.test',
        'secret:WEATHER_TOKEN',
        'env:WEATHER_UNITS',
        'exec:date',
        'state',
      ],
      used: ['secret:WEATHER_TOKEN', 'env:WEATHER_UNITS', 'net:api.weather.test', 'state'],
      unused: ['exec:date'],
      attempted: [],
    });
    expect(report.findings).toEqual([
      {
        check: 'permissions',
        severity: 'info',
        message:
          '"exec:date" was never used while the suite ran the plugin; drop it if the plugin does not need it',
      },
    ]);
    expect(report.checks.isolation).toEqual({
      ok: true,
      skipped: 'the plugin declares isolation "none"',
    });
  });

  it('catches a plugin that leaks its secret through logs, outputs, events and errors', async () => {
    const report = await runSecuritySuite(fixture('leaky'), { fuzzRuns: 2, hostile: false });
    expect(report.ok).toBe(false);
    const leaks = report.findings
      .filter((f) => f.check === 'secrets' && f.severity === 'error')
      .map((f) => [f.message, f.contribution]);
    // Grouped: one finding per secret, channel, form and the contribution whose call leaked it.
    expect(leaks).toEqual(
      expect.arrayContaining([
        [
          expect.stringMatching(
            /^secret \(a secret\) appeared as redacted by the host in log records \(info\)/,
          ),
          'commands:leak.log',
        ],
        [
          expect.stringMatching(/^secret API_KEY appeared as base64 in log records \(debug\)/),
          'commands:leak.encoded',
        ],
        [
          expect.stringMatching(/^secret API_KEY appeared verbatim in outputs/),
          'commands:leak.output',
        ],
        [
          expect.stringMatching(/^secret API_KEY appeared verbatim in events \(leaky\.ready\)/),
          undefined,
        ],
        // Counted per call that threw: as many as fuzzed inputs the command accepted.
        [
          expect.stringMatching(/^secret API_KEY appeared as reversed in errors/),
          'commands:leak.error',
        ],
      ]),
    );
    expect(report.checks.secrets.ok).toBe(false);
  });

  it('catches a plugin that uses capabilities it did not declare', async () => {
    const report = await runSecuritySuite(fixture('sneaky'), { fuzzRuns: 3, hostile: false });
    expect(report.ok).toBe(false);
    expect(report.permissions.attempted).toEqual([
      'fs:read:.env',
      'env:HOME',
      'net:collector.evil.test:443',
    ]);
    expect(errorsOf(report.findings, 'undeclared-use')).toEqual([
      'the plugin tried fs.readFile .env, which needs the undeclared "fs:read:.env" (the host denied it); declare it if needed, or remove the call',
      'the plugin tried env.get HOME, which needs the undeclared "env:HOME" (the host denied it); declare it if needed, or remove the call',
      'the plugin tried net.fetch https://collector.evil.test/upload, which needs the undeclared "net:collector.evil.test:443" (the host denied it); declare it if needed, or remove the call',
    ]);
    // The host itself denies every undeclared variant.
    expect(report.checks['undeclared-variants']).toEqual({ ok: true });
  });

  // Regression: a plugin listing a folder it may read met the link the probes plant there
  // (to a file outside every grant), and the host's refusal to follow it was reported as the
  // plugin's own undeclared use.
  it("does not count the probes' planted links against a plugin that lists its folder", async () => {
    const report = await runSecuritySuite(fixture('lister'), {
      fuzzRuns: 2,
      hostile: false,
      files: { 'docs/readme.md': 'Read me.' },
    });
    expect(report.checks['undeclared-use']).toEqual({ ok: true });
    expect(report.permissions).toMatchObject({ attempted: [], used: ['fs:read:docs/**'] });
    expect(report.ok).toBe(true);
  });

  it('catches a plugin that hangs, and the host enforcing its deadline', async () => {
    const report = await runSecuritySuite(fixture('hang'), { fuzzRuns: 3, hostile: false });
    expect(report.ok).toBe(false);
    expect(errorsOf(report.findings, 'timeouts')).toEqual([
      "commands:stuck did not finish within 150 ms (the host stopped waiting); honour the call's signal or make it faster",
    ]);
  });

  it('catches a plugin that crashes on schema-valid input, with a shrunk counterexample', async () => {
    const report = await runSecuritySuite(fixture('fragile'), { fuzzRuns: 20, hostile: false });
    const fuzz = report.findings.filter((f) => f.check === 'fuzz');
    expect(fuzz).toHaveLength(1);
    expect(fuzz[0]).toMatchObject({
      severity: 'error',
      contribution: 'commands:parse',
      message: expect.stringMatching(
        /^commands:parse crashed: .*SyntaxError.* on a schema-valid input/,
      ),
    });
    expect(fuzz[0]?.input).toMatch(/^\{"text":".*"\}$/);
  });

  it('reports an input schema it cannot fuzz as its own finding, not a plugin fault', async () => {
    const report = await runSecuritySuite(fixture('unfuzzable'), { fuzzRuns: 3, hostile: false });
    expect(report.ok).toBe(true);
    expect(report.findings.filter((f) => f.check === 'fuzz')).toEqual([
      {
        check: 'fuzz',
        severity: 'warning',
        contribution: 'commands:count',
        code: 'TEST_SCHEMA_NOT_GENERATABLE',
        hint: expect.stringContaining('"type" at #/properties/n'),
        message:
          'commands:count was not fuzzed: No value could be generated for the JSON Schema at #/properties/n: no JSON type is left by `type` and `not` (keyword "type").',
      },
    ]);
    expect(report.checks.fuzz.ok).toBe(true);
  });

  it('sends hostile payloads without the host or plugin breaking', async () => {
    const report = await runSecuritySuite(fixture('greeter'), { fuzzRuns: 5 });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.calls).toBeGreaterThan(20);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('runs the plugin in the host sandbox for its declared isolation', async () => {
    const report = await runSecuritySuite(fixture('bundle'), { fuzzRuns: 5 });
    expect(report.checks.isolation).toEqual({ ok: true });
    expect(report.ok).toBe(true);
  });

  it('checks the plugin under its declared isolation, with its built entry', async () => {
    const inProcess = createInProcessExecutor();
    const sandboxExecutors = { limited: inProcess, strict: inProcess };
    const bundle = await runSecuritySuite(fixture('bundle'), {
      fuzzRuns: 5,
      hostile: false,
      sandboxExecutors,
    });
    // Executors weaker than the level they serve are seen: the host reports what really ran.
    expect(errorsOf(bundle.findings, 'isolation')).toEqual([
      'the host ran the plugin under "none" instead of its declared "limited"',
    ]);
    const unbuilt = await runSecuritySuite(fixture('greeter'), {
      fuzzRuns: 2,
      hostile: false,
      isolation: true,
      sandboxExecutors,
    });
    expect(errorsOf(unbuilt.findings, 'isolation')).toEqual([
      expect.stringMatching(
        /^the plugin does not run under its declared isolation "none": MANIFEST_INVALID|^the plugin does not run under its declared isolation "none": .*dist\/index\.js/,
      ),
    ]);
  });
});

describe('plugins with requirements', () => {
  it('mounts what the plugin requires first, and reports a missing one as an activation failure', async () => {
    const alone = await runSecuritySuite(fixture('audit-trail'), { fuzzRuns: 2, hostile: false });
    expect(alone.findings.map((f) => [f.check, f.severity, f.message.replace(/:.*/, '')])).toEqual([
      ['activation', 'error', 'the plugin did not activate'],
    ]);
    const withCatalog = await runSecuritySuite(fixture('audit-trail'), {
      fuzzRuns: 3,
      hostile: false,
      requires: [fixture('catalog')],
    });
    expect(withCatalog.ok).toBe(true);
    expect(withCatalog.permissions).toMatchObject({
      used: ['events:on:catalog.*', 'state'],
      unused: [],
    });
  });

  it('loads a plugin written for a host capability and probes the permission kinds it does not declare', async () => {
    const reached: string[] = [];
    const capabilities = ticketsCapabilities(reached);
    const report = await runSecuritySuite(fixture('tickets'), { fuzzRuns: 5, capabilities });
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.checks['undeclared-variants']).toEqual({ ok: true });
    expect(report.checks.isolation).toEqual({ ok: true });
    expect(report.permissions.used).toEqual(['acme.tickets']);
    // The probe of the undeclared kind was denied before the host's code ran.
    expect(reached.filter((r) => r.startsWith('purge'))).toEqual([]);
    expect(reached.length).toBeGreaterThan(0);
  });
});
