import { createInProcessExecutor } from '../executor/in-process-executor.js';
/**
 * The executors of a host, one per isolation level: the ones given to `createHost`, the
 * in-process one for `none`, and sandboxes created on first use through a dynamic import (so
 * a host whose plugins all run in-process never loads the sandbox code). Only the executors
 * the pool created are closed by {@link close}.
 */
export class ExecutorPool {
    #given;
    #created = new Map();
    #none;
    #sandbox;
    /** `sandbox` configures the `limited` and `strict` executors the pool creates. */
    constructor(given = {}, sandbox = {}) {
        this.#given = given;
        this.#sandbox = sandbox;
        this.#none = given.none ?? createInProcessExecutor();
    }
    /** The executor for `level`. */
    get(level) {
        const given = level === 'none' ? this.#none : this.#given[level];
        if (given !== undefined)
            return Promise.resolve(given);
        let created = this.#created.get(level);
        if (created === undefined) {
            created =
                level === 'limited'
                    ? import('../sandbox/worker-executor.js').then((m) => m.createWorkerExecutor(this.#sandbox))
                    : import('../sandbox/process-executor.js').then((m) => m.createProcessExecutor(this.#sandbox));
            this.#created.set(level, created);
        }
        return created;
    }
    /** Closes the sandboxes this pool created (their spare workers and processes too). */
    async close() {
        const created = [...this.#created.values()];
        this.#created = new Map();
        for (const executor of created)
            await executor.then((e) => e.close()).catch(() => { });
    }
}
//# sourceMappingURL=executor-pool.js.map