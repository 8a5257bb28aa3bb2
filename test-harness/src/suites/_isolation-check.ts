import { createTestHost } from '../host/create-test-host.js';
import type { TestHost } from '../host/test-host.js';
import type { ExecFake } from '../services/memory-exec.js';
import { classifyCall, describeError, preview } from './_call-outcome.js';
import type { PluginInfo } from './_plugin-info.js';
import type { SecurityFinding, SecuritySuiteOptions } from './security-report.js';

/**
 * The `isolation` check of the security suite: mounts the plugin's declared entry under its
 * declared isolation and calls every contribution once with an input that worked in-process.
 */
export async function checkIsolation(
  info: PluginInfo,
  reference: TestHost,
  samples: ReadonlyMap<string, unknown>,
  options: SecuritySuiteOptions,
  timeoutMs: number,
  add: (finding: SecurityFinding) => void,
): Promise<void> {
  const th = await createTestHost({
    auto: false,
    isolation: 'declared',
    ...(options.sandboxExecutors === undefined
      ? {}
      : { sandboxExecutors: options.sandboxExecutors }),
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
    files: options.files ?? {},
    env: options.env ?? {},
    secrets: reference.secrets.values(),
    net: [...(options.net ?? []), { url: /.*/, response: { status: 200, json: {} } }],
    exec: { ...defaultFakes(info.permissions), ...options.exec },
    policy: { maxTimeoutMs: Math.max(timeoutMs, 5000) },
  });
  try {
    for (const dependency of options.requires ?? []) await th.mount(dependency);
    const plugin = await th.mount(
      info.dir,
      options.config === undefined ? {} : { config: options.config },
    );
    await plugin.enable();
    const status = th.host.plugin(info.name);
    if (status !== undefined && status.isolation !== info.isolation) {
      add({
        check: 'isolation',
        severity: 'error',
        message: `the host ran the plugin under "${status.isolation}" instead of its declared "${info.isolation}"`,
      });
    }
    for (const c of info.callables) {
      if (!samples.has(`${c.kind}:${c.id}`)) continue;
      const input = samples.get(`${c.kind}:${c.id}`);
      const isolated = await classifyCall(
        () => th.invoke(c.kind, c.id, input),
        timeoutMs * 2 + 5000,
      );
      if (isolated.kind !== 'ok' && isolated.kind !== 'rejected') {
        add({
          check: 'isolation',
          severity: 'error',
          contribution: `${c.kind}:${c.id}`,
          input: preview(input),
          message: `${c.kind}:${c.id} failed under isolation "${info.isolation}": ${isolated.kind === 'hung' ? 'no answer' : describeError(isolated.error)}`,
        });
      }
    }
  } catch (error) {
    add({
      check: 'isolation',
      severity: 'error',
      message: `the plugin does not run under its declared isolation "${info.isolation}": ${describeError(error)}`,
    });
  } finally {
    await th.dispose();
  }
}

/** An empty successful run for every declared command, so exec-using plugins can run. */
export function defaultFakes(permissions: readonly string[]): Record<string, ExecFake> {
  const out: Record<string, ExecFake> = {};
  for (const p of permissions) if (p.startsWith('exec:')) out[p.slice(5)] = '';
  return out;
}
