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
export declare function sesCodeCache(): Uint8Array | undefined;
/** Resolves once the cache is made (or could not be); for tests and warm-up. */
export declare function whenSesCodeCacheReady(): Promise<Uint8Array | undefined>;
//# sourceMappingURL=_ses-code-cache.d.ts.map