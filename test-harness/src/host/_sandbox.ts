import type { PluginExecutor } from '@stack-plugin/host';
import { createError } from '@stack-plugin/pdk';

type HostModule = Record<string, unknown>;

/**
 * The host's sandbox executors (worker for `limited`, child process for `strict`), looked up
 * at run time so the harness keeps working against a host build that has not got them.
 */
export async function sandboxExecutors(): Promise<{
  limited: PluginExecutor;
  strict: PluginExecutor;
  close(): Promise<void>;
}> {
  const host = (await import('@stack-plugin/host')) as HostModule;
  const worker = host.createWorkerExecutor;
  const child = host.createProcessExecutor;
  if (typeof worker !== 'function' || typeof child !== 'function') {
    throw createError('INTERNAL', {
      detail:
        'this @stack-plugin/host has no sandbox executors (createWorkerExecutor / createProcessExecutor), so plugins cannot run under their declared isolation',
    });
  }
  type Create = (options: { prewarm: number }) => PluginExecutor & { close?: () => Promise<void> };
  // No spare sandboxes: a test host must leave no worker or process behind.
  const limited = (worker as Create)({ prewarm: 0 });
  const strict = (child as Create)({ prewarm: 0 });
  return {
    limited,
    strict,
    close: async () => {
      await Promise.all([limited.close?.(), strict.close?.()]);
    },
  };
}

/** Whether the host provides its sandbox executors. */
export async function hasSandboxExecutors(): Promise<boolean> {
  const host = (await import('@stack-plugin/host')) as HostModule;
  return (
    typeof host.createWorkerExecutor === 'function' &&
    typeof host.createProcessExecutor === 'function'
  );
}
