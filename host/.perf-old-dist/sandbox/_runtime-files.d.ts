/** The files a sandbox runs before any plugin code, and nothing else. */
export declare const RUNTIME_FILES: Readonly<{
    main: string;
    runtime: string;
    protocol: string;
    /** SES as one pre-built file: one read and one compile instead of ~60 modules. */
    ses: string;
    /** The package.json Node reads to know that the files above are ES modules. */
    packageJson: string;
}>;
/**
 * The options every sandbox (and the SES code-cache producer) passes to `lockdown()`.
 * `overrideTaming: 'severe'` lets bundled libraries assign over frozen intrinsics' properties
 * (e.g. `toString`) on their own objects. The `unsafe` error and console tamings keep V8's
 * stacks and the sandbox's own console usable for diagnostics: errors reach the host only
 * through `safeWireError`, and the plugin gets a console of its own (through `ctx`), never the
 * sandbox's. `domainTaming: 'unsafe'` skips a check for Node's deprecated `domain` module,
 * which the sandbox never loads.
 */
export declare const LOCKDOWN_OPTIONS: Readonly<Record<string, string>>;
/** What a sandbox is told at boot. */
export interface BootData {
    /** Path of the SES bundle. */
    readonly ses: string;
    /** `file:` URLs of the runtime modules. */
    readonly runtime: string;
    readonly protocol: string;
    readonly lockdown: Readonly<Record<string, string>>;
    /**
     * How the host's V8 code cache for SES arrives: in `sesCache` (worker data), on stdin (a
     * child process; empty when the host has none yet), or not at all.
     */
    readonly sesCacheFrom: 'data' | 'stdin' | 'none';
    readonly sesCache?: Uint8Array;
}
/** Boot data for a sandbox whose SES code cache (if any) arrives as `sesCacheFrom` says. */
export declare function bootData(sesCacheFrom: BootData['sesCacheFrom'], sesCache?: Uint8Array): BootData;
//# sourceMappingURL=_runtime-files.d.ts.map