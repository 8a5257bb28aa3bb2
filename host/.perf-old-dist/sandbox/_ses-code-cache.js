import { Worker } from 'node:worker_threads';
import { LOCKDOWN_OPTIONS, RUNTIME_FILES } from './_runtime-files.js';
// Runs in a throwaway worker that never sees plugin code: compile SES, run it and lock the
// realm down (so the functions lockdown needs are compiled too), then serialise V8's code for
// the whole script. CommonJS through `eval` keeps this worker's own start-up short.
const PRODUCER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const script = new Script(readFileSync(workerData.ses, 'utf8'), { filename: workerData.ses });
script.runInThisContext();
lockdown(workerData.lockdown);
parentPort.postMessage(script.createCachedData());
`;
let cache;
let producing;
/**
 * V8's code cache for the SES bundle, made once per host process. Compiling and first running
 * SES is the largest single cost of a sandbox boot; with this cache a sandbox skips most of it.
 *
 * A code cache is trusted input to V8 (it is not validated beyond a source hash and a flag
 * hash), so it is only ever made here, by a worker that runs nothing but SES, and held in the
 * host's memory — never read back from disk or from a sandbox that has run plugin code. V8
 * rejects it when the source or the relevant flags differ, and the sandbox then compiles SES
 * from source as before.
 *
 * Returns the cache when it is ready, otherwise starts making it (in the background, not
 * holding the host alive) and returns undefined: the sandbox being booted now compiles SES
 * itself, later ones use the cache.
 */
export function sesCodeCache() {
    producing ??= produce().then((data) => {
        cache = data;
        return data;
    });
    return cache;
}
/** Resolves once the cache is made (or could not be); for tests and warm-up. */
export function whenSesCodeCacheReady() {
    sesCodeCache();
    return producing;
}
function produce() {
    return new Promise((resolve) => {
        let worker;
        try {
            worker = new Worker(PRODUCER, {
                eval: true,
                workerData: { ses: RUNTIME_FILES.ses, lockdown: LOCKDOWN_OPTIONS },
                env: {},
                execArgv: [],
                argv: [],
                stdout: true,
                stderr: true,
                resourceLimits: { maxOldGenerationSizeMb: 64 },
            });
        }
        catch {
            resolve(undefined);
            return;
        }
        worker.unref();
        // A failure only means sandboxes keep compiling SES themselves.
        worker.on('error', () => resolve(undefined));
        worker.once('exit', () => resolve(undefined));
        worker.once('message', (data) => {
            resolve(data instanceof Uint8Array && data.byteLength > 0 ? data : undefined);
            void worker.terminate();
        });
    });
}
//# sourceMappingURL=_ses-code-cache.js.map