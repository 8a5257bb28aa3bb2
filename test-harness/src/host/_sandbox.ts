import {
  createProcessExecutor,
  createWorkerExecutor,
  type PluginExecutor,
} from '@stack-plugin/host';

/**
 * The host's own sandbox executors (worker for `limited`, child process for `strict`) for a
 * test host in `declared` mode, without spare sandboxes, so that closing them leaves no worker
 * or process behind.
 */
export function sandboxExecutors(): {
  limited: PluginExecutor;
  strict: PluginExecutor;
  close(): Promise<void>;
} {
  const limited = createWorkerExecutor({ prewarm: 0 });
  const strict = createProcessExecutor({ prewarm: 0 });
  return {
    limited,
    strict,
    close: async () => {
      await Promise.all([limited.close(), strict.close()]);
    },
  };
}
