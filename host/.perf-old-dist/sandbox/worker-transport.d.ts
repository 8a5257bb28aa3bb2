import type { SandboxTransport, SpawnRequest } from './sandbox-transport.js';
/** Old-generation heap the sandbox runtime itself uses (SES, PluginRuntime), on top of the plugin's. */
export declare const RUNTIME_HEAP_MB = 16;
/**
 * Starts a worker-thread sandbox: its own V8 isolate with a JS heap limit, an empty
 * environment copy (never `SHARE_ENV`), no inherited `execArgv`, stdout and stderr captured.
 * Resolves once SES is locked down inside it.
 */
export declare function spawnWorkerSandbox(request: SpawnRequest): Promise<SandboxTransport>;
//# sourceMappingURL=worker-transport.d.ts.map