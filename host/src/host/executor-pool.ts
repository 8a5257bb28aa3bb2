import { createInProcessExecutor } from '../executor/in-process-executor.js';
import type { IsolationLevel, PluginExecutor } from '../executor/plugin-executor.js';
import type { SandboxExecutorOptions } from '../sandbox/sandbox-executor.js';

/**
 * The executors of a host, one per isolation level: the ones given to `createHost`, the
 * in-process one for `none`, and sandboxes created on first use through a dynamic import (so
 * a host whose plugins all run in-process never loads the sandbox code). Only the executors
 * the pool created are closed by {@link close}.
 */
export class ExecutorPool {
  readonly #givenByLevel: Partial<Record<IsolationLevel, PluginExecutor>>;
  #created = new Map<IsolationLevel, Promise<PluginExecutor & { close(): Promise<void> }>>();
  readonly #none: PluginExecutor;
  readonly #sandbox: SandboxExecutorOptions;

  /** `sandbox` configures the `limited` and `strict` executors the pool creates. */
  constructor(
    given: Partial<Record<IsolationLevel, PluginExecutor>> = {},
    sandbox: SandboxExecutorOptions = {},
  ) {
    this.#givenByLevel = given;
    this.#sandbox = sandbox;
    this.#none = given.none ?? createInProcessExecutor();
  }

  /**
   * The isolation a plugin resolved to `level` really runs at: the level of the executor that
   * serves `level`. They differ when a host maps a level to a weaker executor on purpose (the
   * test harness runs every plugin in-process by default), and the status must say so.
   */
  runsAt(level: IsolationLevel): IsolationLevel {
    // Executors the pool creates itself are the worker (`limited`) and process (`strict`) ones.
    return this.#given(level)?.isolation ?? level;
  }

  /** The executor for `level`. */
  get(level: IsolationLevel): Promise<PluginExecutor> {
    const given = this.#given(level);
    if (given !== undefined) return Promise.resolve(given);
    let created = this.#created.get(level);
    if (created === undefined) {
      created =
        level === 'limited'
          ? import('../sandbox/worker-executor.js').then((m) =>
              m.createWorkerExecutor(this.#sandbox),
            )
          : import('../sandbox/process-executor.js').then((m) =>
              m.createProcessExecutor(this.#sandbox),
            );
      this.#created.set(level, created);
    }
    return created;
  }

  #given(level: IsolationLevel): PluginExecutor | undefined {
    return level === 'none' ? this.#none : this.#givenByLevel[level];
  }

  /** Closes the sandboxes this pool created (their spare workers and processes too). */
  async close(): Promise<void> {
    const created = [...this.#created.values()];
    this.#created = new Map();
    for (const executor of created) await executor.then((e) => e.close()).catch(() => {});
  }
}
