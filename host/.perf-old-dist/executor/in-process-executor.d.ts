import type { PluginExecutor } from './plugin-executor.js';
/** Options of {@link createInProcessExecutor}. */
export interface InProcessExecutorOptions {
    /**
     * Imports a module by URL. Defaults to `import()`; a bundler or a test runner may pass its
     * own so that its transforms (for example TypeScript entries) apply.
     */
    readonly importModule?: (url: string) => Promise<unknown>;
}
/**
 * The executor for isolation `none`: the plugin's module is imported into the host process and
 * driven through {@link PluginRuntime}, exactly as the sandboxed executors drive it on their
 * side of the boundary. Per-call deadlines are enforced, but plugin code that blocks the event
 * loop cannot be interrupted here: `none` is for first-party code only.
 */
export declare function createInProcessExecutor(options?: InProcessExecutorOptions): PluginExecutor;
//# sourceMappingURL=in-process-executor.d.ts.map