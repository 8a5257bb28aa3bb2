import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { isStackPluginError } from '@stack-plugin/pdk';
import fc from 'fast-check';
import { createTestHost } from '../host/create-test-host.js';
import type { MountedPlugin } from '../host/test-host.js';
import { arbitraryFromSchema, type JsonSchema } from '../schema/arbitrary-from-schema.js';
import { type CallOutcome, classifyCall, describeError, preview } from './_call-outcome.js';
import { checkIsolation, defaultFakes } from './_isolation-check.js';
import { type CallableContribution, readPluginInfo } from './_plugin-info.js';
import { probeFiles, undeclaredProbes } from './_probes.js';
import { errorText, jsonText, scanText } from './_secret-scan.js';
import { hostilePayloads } from './hostile-payloads.js';
import {
  SECURITY_CHECKS,
  type SecurityCheck,
  type SecurityFinding,
  type SecurityReport,
  type SecuritySuiteOptions,
} from './security-report.js';

const DENIAL_CODES = new Set(['PERMISSION_DENIED', 'VALIDATION_FAILED', 'FS_PATH_OUTSIDE_ROOT']);

/**
 * Runs the security suite against the plugin in `pluginDir` and returns its report. The
 * plugin runs in the real host on in-memory services, with a canary value for every declared
 * secret; see {@link securitySuite} for the one-line vitest version.
 */
export async function runSecuritySuite(
  pluginDir: string,
  options: SecuritySuiteOptions = {},
): Promise<SecurityReport> {
  const info = readPluginInfo(pluginDir);
  const findings: SecurityFinding[] = [];
  const skipped: Partial<Record<SecurityCheck, string>> = {};
  const add = (finding: SecurityFinding) => findings.push(finding);
  const timeoutMs = Math.min(options.timeoutMs ?? 2000, info.timeoutMs ?? Number.POSITIVE_INFINITY);
  const watchdogMs = timeoutMs * 2 + 1000;
  const secrets = canaries(info.permissions);
  const planted = probeFiles(info.permissions);
  const th = await createTestHost({
    auto: false,
    files: { ...planted, ...options.files },
    secrets,
    env: options.env ?? {},
    net: [...(options.net ?? []), { url: /.*/, response: { status: 200, json: {} } }],
    exec: { ...defaultFakes(info.permissions), ...options.exec },
    policy: { maxTimeoutMs: timeoutMs },
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
  });
  let calls = 0;
  const outputs: Array<{ where: string; value: unknown }> = [];
  const errors: Array<{ where: string; error: unknown }> = [];
  const samples = new Map<string, unknown>();
  /** The contribution whose call wrote each log record (by index), for findings. */
  const logOwners: string[] = [];
  try {
    let mounted: MountedPlugin;
    try {
      for (const dependency of options.requires ?? []) await th.mount(dependency);
      mounted = await th.mount(
        info.dir,
        options.config === undefined ? {} : { config: options.config },
      );
      // A lazy plugin too: the suite checks its activation as such, not inside a first call.
      await mounted.enable();
    } catch (error) {
      add({
        check: (error as { code?: string }).code === 'PLUGIN_TIMEOUT' ? 'timeouts' : 'activation',
        severity: 'error',
        message: `the plugin did not activate: ${describeError(error)}`,
      });
      errors.push({ where: 'activation', error });
      return finish();
    }

    const call = async (c: CallableContribution, input: unknown): Promise<CallOutcome> => {
      calls += 1;
      const where = `${c.kind}:${c.id}`;
      // Calls run one at a time, so the log records written meanwhile are this call's.
      while (logOwners.length < th.logs.length) logOwners.push('activation');
      const outcome = await classifyCall(() => th.invoke(c.kind, c.id, input), watchdogMs);
      while (logOwners.length < th.logs.length) logOwners.push(where);
      if (outcome.kind === 'ok') outputs.push({ where, value: outcome.value });
      if (outcome.kind === 'rejected' || outcome.kind === 'crash' || outcome.kind === 'timeout') {
        errors.push({ where, error: outcome.error });
      }
      return outcome;
    };
    const reportTimeout = (c: CallableContribution, outcome: CallOutcome, input: unknown) => {
      if (outcome.kind === 'timeout') {
        add({
          check: 'timeouts',
          severity: 'error',
          contribution: `${c.kind}:${c.id}`,
          input: preview(input),
          message: `${c.kind}:${c.id} did not finish within ${timeoutMs} ms (the host stopped waiting); honour the call's signal or make it faster`,
        });
      } else if (outcome.kind === 'hung') {
        add({
          check: 'timeouts',
          severity: 'error',
          contribution: `${c.kind}:${c.id}`,
          input: preview(input),
          message: `${c.kind}:${c.id} was still running after ${watchdogMs} ms: the host did not enforce the ${timeoutMs} ms deadline`,
        });
      }
    };

    // ---- fuzz: schema-valid inputs must never crash the plugin ----
    const timedOut = new Set<string>();
    for (const c of info.callables) {
      const key = `${c.kind}:${c.id}`;
      let arbitrary: fc.Arbitrary<unknown>;
      try {
        arbitrary = arbitraryFromSchema(c.input as JsonSchema);
      } catch (error) {
        // A limit of the schema (or of the generator), not a fault of the plugin: its own
        // finding, with the refusal's code and hint, and the plugin is not failed for it.
        const coded = isStackPluginError(error);
        add({
          check: 'fuzz',
          severity: 'warning',
          contribution: key,
          ...(coded ? { code: error.code, hint: error.hint } : {}),
          message: `${key} was not fuzzed: ${coded ? error.message : describeError(error)}`,
        });
        continue;
      }
      const details = await fc.check(
        fc.asyncProperty(arbitrary, async (input) => {
          if (timedOut.has(key)) return true;
          const outcome = await call(c, input);
          if (outcome.kind === 'ok' && !samples.has(key)) samples.set(key, input);
          if (outcome.kind === 'timeout' || outcome.kind === 'hung') {
            // Timeouts are reported once, not shrunk: each attempt costs a whole deadline.
            timedOut.add(key);
            reportTimeout(c, outcome, input);
            return true;
          }
          if (outcome.kind === 'crash') throw new Error(`crashed: ${describeError(outcome.error)}`);
          if (
            outcome.kind === 'rejected' &&
            outcome.code === 'VALIDATION_FAILED' &&
            /output/i.test(errorText(outcome.error))
          ) {
            throw new Error(
              `returned an output that does not match its schema: ${describeError(outcome.error)}`,
            );
          }
          return true;
        }),
        { numRuns: options.fuzzRuns ?? 25, seed: options.seed ?? 1, endOnFailure: false },
      );
      if (details.failed) {
        const input = details.counterexample?.[0];
        add({
          check: 'fuzz',
          severity: 'error',
          contribution: key,
          input: preview(input),
          message: `${key} ${(details.errorInstance as Error | undefined)?.message ?? 'failed'} on a schema-valid input (shrunk after ${details.numShrinks} steps; seed ${details.seed})`,
        });
      }
      if (!samples.has(key)) {
        const sample = fc.sample(arbitrary, { numRuns: 1, seed: options.seed ?? 1 })[0];
        samples.set(key, sample);
      }
    }

    // ---- hostile payloads: rejected or handled, never a crash, hang or polluted prototype ----
    if (options.hostile === false) skipped['hostile-input'] = 'disabled by options';
    else {
      for (const c of info.callables) {
        const key = `${c.kind}:${c.id}`;
        if (timedOut.has(key)) continue;
        for (const payload of hostilePayloads(samples.get(key))) {
          const before = prototypeKeys();
          const outcome = await call(c, payload.value);
          const polluted = prototypeKeys().filter((k) => !before.includes(k));
          if (polluted.length > 0) {
            for (const k of polluted) delete (Object.prototype as Record<string, unknown>)[k];
            add({
              check: 'hostile-input',
              severity: 'error',
              contribution: key,
              input: payload.name,
              message: `${key} polluted Object.prototype with ${polluted.join(', ')}`,
            });
          }
          if (outcome.kind === 'crash') {
            add({
              check: 'hostile-input',
              severity: 'error',
              contribution: key,
              input: payload.name,
              message: `${key} crashed on a hostile input the host accepted (${payload.name}): ${describeError(outcome.error)}`,
            });
          }
          if (outcome.kind === 'timeout' || outcome.kind === 'hung') {
            reportTimeout(c, outcome, payload.name);
            break;
          }
        }
      }
    }

    // ---- the plugin's own undeclared attempts (before any probe) ----
    const ownAudit = th.audit().filter((r) => r.plugin === info.name);
    // A plugin that lists a folder it may read meets the links the probes planted there (to
    // a file outside every grant); the host refusing to follow one is what the probes check
    // below, not an attempt of the plugin's own.
    const probeLink = (r: (typeof ownAudit)[number]) =>
      !r.allowed && r.capability === 'fs' && Object.hasOwn(planted, r.target);
    const attempted = [
      ...new Set(
        ownAudit
          .filter((r) => !r.allowed && r.permission !== undefined && !probeLink(r))
          .map((r) => r.permission as string),
      ),
    ];
    for (const permission of attempted) {
      const record = ownAudit.find((r) => !r.allowed && r.permission === permission);
      add({
        check: 'undeclared-use',
        severity: 'error',
        message: `the plugin tried ${record?.capability}.${record?.method} ${record?.target}, which needs the undeclared "${permission}" (the host denied it); declare it if needed, or remove the call`,
      });
    }
    const used = [
      ...new Set(
        ownAudit
          .filter((r) => r.allowed && r.permission !== undefined)
          .map((r) => r.permission as string),
      ),
    ];

    // ---- secrets: never in logs, outputs, events or errors ----
    const sightings = [
      ...th.logs.flatMap((r, i) =>
        scanText(`${r.message} ${jsonText(r.data)}`, secrets, 'log records', r.level, true).map(
          (sighting) => ({ ...sighting, contribution: logOwners[i] ?? 'activation' }),
        ),
      ),
      ...outputs.flatMap((o) =>
        scanText(jsonText(o.value), secrets, 'outputs', '', false).map((sighting) => ({
          ...sighting,
          contribution: o.where,
        })),
      ),
      ...th.events.flatMap((e) =>
        scanText(`${e.topic} ${jsonText(e.payload)}`, secrets, 'events', e.topic, false),
      ),
      ...errors.flatMap((e) =>
        scanText(errorText(e.error), secrets, 'errors', '', true).map((sighting) => ({
          ...sighting,
          contribution: e.where,
        })),
      ),
    ];
    // One finding per secret, channel, form and contribution, however many records show it.
    const grouped = new Map<string, { count: number; contribution?: string; line: string }>();
    for (const s of sightings) {
      const contribution = (s as { contribution?: string }).contribution;
      const how = s.form === 'raw' ? 'verbatim' : `as ${s.form}`;
      const key = `${s.secret}\0${s.channel}\0${s.where}\0${how}\0${contribution ?? ''}`;
      const entry = grouped.get(key);
      if (entry !== undefined) entry.count += 1;
      else
        grouped.set(key, {
          count: 1,
          ...(contribution === undefined ? {} : { contribution }),
          line: `secret ${s.secret} appeared ${how} in ${s.channel}${s.where === '' ? '' : ` (${s.where})`}`,
        });
    }
    for (const { count, contribution, line } of grouped.values()) {
      add({
        check: 'secrets',
        severity: 'error',
        message: count === 1 ? line : `${line}, ${count} times`,
        ...(contribution === undefined ? {} : { contribution }),
      });
    }
    for (const [path, content] of Object.entries(th.fs.tree())) {
      for (const s of scanText(
        typeof content === 'string' ? content : jsonText(content),
        secrets,
        'file',
        path,
        false,
      )) {
        add({
          check: 'secrets',
          severity: 'warning',
          message: `secret ${s.secret} was written to ${path} (${s.form})`,
        });
      }
    }
    if (Object.keys(secrets).length === 0) skipped.secrets = 'the plugin declares no secret';

    // ---- undeclared variants of every capability must be denied ----
    const loaded = mounted.testHost.loadedPlugin(mounted.name);
    if (loaded === undefined)
      skipped['undeclared-variants'] = 'the plugin instance is not available';
    else {
      const hosted = (options.capabilities ?? []).map((c) => c.descriptor);
      for (const probe of undeclaredProbes(info.permissions, hosted)) {
        try {
          await loaded.broker({
            capability: probe.capability,
            method: probe.method,
            args: probe.args,
          });
          add({
            check: 'undeclared-variants',
            severity: 'error',
            message: `${probe.label} was allowed although "${probe.needs}" is not declared`,
          });
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          if (!DENIAL_CODES.has(code)) {
            add({
              check: 'undeclared-variants',
              severity: 'error',
              message: `${probe.label} (needs "${probe.needs}") was not denied by a permission check: ${describeError(error)}`,
            });
          }
        }
      }
    }

    // ---- declared isolation ----
    const wantIsolation =
      options.isolation === 'auto' || options.isolation === undefined
        ? info.isolation !== 'none'
        : options.isolation;
    if (!wantIsolation) skipped.isolation = 'the plugin declares isolation "none"';
    else await checkIsolation(info, th, samples, options, timeoutMs, add);

    // ---- declared against used permissions ----
    const unused = info.permissions.filter((p) => !used.includes(p));
    for (const permission of unused) {
      add({
        check: 'permissions',
        severity: options.failOnUnusedPermissions === true ? 'error' : 'info',
        message: `"${permission}" was never used while the suite ran the plugin; drop it if the plugin does not need it`,
      });
    }
    return finish({ used, unused, attempted });
  } finally {
    await th.dispose();
  }

  async function finish(
    usage: { used: string[]; unused: string[]; attempted: string[] } = {
      used: [],
      unused: [...info.permissions],
      attempted: [],
    },
  ): Promise<SecurityReport> {
    const checks = Object.fromEntries(
      SECURITY_CHECKS.map((check) => [
        check,
        {
          ok: !findings.some((f) => f.check === check && f.severity === 'error'),
          ...(skipped[check] === undefined ? {} : { skipped: skipped[check] }),
        },
      ]),
    ) as SecurityReport['checks'];
    const report: SecurityReport = {
      plugin: info.name,
      ok: !findings.some((f) => f.severity === 'error'),
      findings,
      checks,
      permissions: { declared: [...info.permissions], ...usage },
      calls,
    };
    if (options.reportFile !== undefined)
      await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  }
}

/** A recognisable random value per declared secret, so leaks can be found in any output. */
function canaries(permissions: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of permissions) {
    if (p.startsWith('secret:')) out[p.slice(7)] = `stk-canary-${randomBytes(9).toString('hex')}`;
  }
  return out;
}

function prototypeKeys(): string[] {
  return [
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
  ];
}
