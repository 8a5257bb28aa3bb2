import { Worker } from 'node:worker_threads';
import { bootData, RUNTIME_FILES } from './_runtime-files.js';
import { sesCodeCache } from './_ses-code-cache.js';
import { TransportEvents } from './_transport-events.js';
/** Old-generation heap the sandbox runtime itself uses (SES, PluginRuntime), on top of the plugin's. */
export const RUNTIME_HEAP_MB = 16;
/**
 * Starts a worker-thread sandbox: its own V8 isolate with a JS heap limit, an empty
 * environment copy (never `SHARE_ENV`), no inherited `execArgv`, stdout and stderr captured.
 * Resolves once SES is locked down inside it.
 */
export function spawnWorkerSandbox(request) {
    const cache = sesCodeCache();
    const worker = new Worker(RUNTIME_FILES.main, {
        workerData: cache === undefined ? bootData('none') : bootData('data', cache),
        env: {},
        execArgv: [],
        argv: [],
        stdout: true,
        stderr: true,
        trackUnmanagedFds: true,
        name: `stack-plugin:${request.name}`,
        resourceLimits: {
            // The plugin's limit plus what SES and the runtime need for themselves.
            maxOldGenerationSizeMb: request.memoryMb + RUNTIME_HEAP_MB,
            maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(request.memoryMb / 8))),
            stackSizeMb: 4,
        },
    });
    const events = new TransportEvents();
    let error;
    let gone;
    // An 'error' event without a listener would crash the host; this one only records it.
    worker.on('error', (e) => {
        error = e;
    });
    events.pipeOutput(worker.stdout, worker.stderr);
    worker.on('message', (raw) => events.message(raw));
    const ended = new Promise((resolve) => {
        worker.once('exit', (code) => {
            events.exit({
                code,
                ...(error === undefined ? {} : { error }),
                outOfMemory: error?.code === 'ERR_WORKER_OUT_OF_MEMORY',
                stderrTail: events.tail.text,
            });
            resolve();
        });
    });
    const transport = {
        kind: 'worker',
        send: (message) => {
            if (events.exited !== undefined)
                throw new Error('the sandbox has exited');
            worker.postMessage(message);
        },
        onMessage: events.onMessage,
        onExit: events.onExit,
        onOutput: events.onOutput,
        // The heap is capped by resourceLimits; ArrayBuffers are not, so they are what is watched.
        memoryBytes: async () => {
            if (events.exited !== undefined)
                return undefined;
            const stats = (await worker.getHeapStatistics());
            return stats.external_memory;
        },
        kill: () => {
            // An unref'd spare must still hold the loop open until it is really gone.
            worker.ref();
            gone ??= worker.terminate().then(() => ended);
            return gone;
        },
        ref: (on) => (on ? worker.ref() : worker.unref()),
    };
    return new Promise((resolve, reject) => {
        const onBoot = (raw) => {
            if (raw?.t !== 'booted')
                return;
            worker.off('message', onBoot);
            resolve(transport);
        };
        worker.on('message', onBoot);
        transport.onExit((exit) => reject(new Error(`the worker sandbox failed to boot: ${exit.error?.message ?? events.tail.text}`)));
    });
}
//# sourceMappingURL=worker-transport.js.map