import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTEXT_LAYOUT, type ContextEntry } from '@stack-plugin/pdk';
import type { InitMessage } from './_protocol.js';

// From source (vitest, type stripping) the sandbox runs the .ts files; from dist the .js ones.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The files a sandbox runs before any plugin code, and nothing else. */
export const RUNTIME_FILES = Object.freeze({
  main: here(`./sandbox-main${ext}`),
  runtime: here(`../executor/plugin-runtime${ext}`),
  protocol: here(`./_protocol${ext}`),
  /** What may cross to the host: the host's own rule, checked before anything is posted. */
  payload: here(`../broker/payload-rules${ext}`),
  /** SES as one pre-built file: one read and one compile instead of ~60 modules. */
  ses: join(
    dirname(createRequire(import.meta.url).resolve('ses/package.json')),
    'dist',
    'ses.umd.min.js',
  ),
  /** The package.json Node reads to know that the files above are ES modules. */
  packageJson: here('../../package.json'),
});

/**
 * The options every sandbox (and the SES code-cache producer) passes to `lockdown()`.
 * `overrideTaming: 'severe'` lets bundled libraries assign over frozen intrinsics' properties
 * (e.g. `toString`) on their own objects. The `unsafe` error and console tamings keep V8's
 * stacks and the sandbox's own console usable for diagnostics: errors reach the host only
 * through `safeWireError`, and the plugin gets a console of its own (through `ctx`), never the
 * sandbox's. `domainTaming: 'unsafe'` skips a check for Node's deprecated `domain` module,
 * which the sandbox never loads.
 */
export const LOCKDOWN_OPTIONS: Readonly<Record<string, string>> = Object.freeze({
  overrideTaming: 'severe',
  errorTaming: 'unsafe',
  consoleTaming: 'unsafe',
  stackFiltering: 'verbose',
  domainTaming: 'unsafe',
});

/** What a sandbox is told at boot. */
export interface BootData {
  /** Path of the SES bundle. */
  readonly ses: string;
  /** `file:` URLs of the runtime modules. */
  readonly runtime: string;
  readonly protocol: string;
  readonly payload: string;
  readonly lockdown: Readonly<Record<string, string>>;
  /**
   * How the host's V8 code cache for SES arrives: in `sesCache` (worker data), on stdin (a
   * child process, framed with its plugin's `init` as `bootFrame` describes), or not at all.
   */
  readonly sesCacheFrom: 'data' | 'stdin' | 'none';
  readonly sesCache?: Uint8Array;
  /** The plugin to load right after lockdown (a worker's; a child's arrives on stdin). */
  readonly init?: InitMessage;
  /**
   * For a spare (booted before its plugin is known): the `ctx` layout of the stand-in plugin
   * it loads once, off any load's path, so that the load path is compiled when a plugin comes.
   */
  readonly warmUp?: readonly ContextEntry[];
}

/**
 * Boot data for a sandbox whose SES code cache (if any) arrives as `sesCacheFrom` says; a
 * `spare` (by default, one given no `init`) warms its load path up while it waits.
 */
export function bootData(
  sesCacheFrom: BootData['sesCacheFrom'],
  sesCache?: Uint8Array,
  init?: InitMessage,
  spare: boolean = init === undefined,
): BootData {
  return {
    ses: RUNTIME_FILES.ses,
    runtime: new URL(`file://${RUNTIME_FILES.runtime}`).href,
    protocol: new URL(`file://${RUNTIME_FILES.protocol}`).href,
    payload: new URL(`file://${RUNTIME_FILES.payload}`).href,
    lockdown: LOCKDOWN_OPTIONS,
    sesCacheFrom,
    ...(sesCache === undefined ? {} : { sesCache }),
    ...(init === undefined ? {} : { init }),
    ...(spare ? { warmUp: CONTEXT_LAYOUT } : {}),
  };
}
