import type { EnvService, SecretsService } from '@stack-plugin/host';
import { type ServiceCall, SpyLog, type SpySequence } from './spy-log.js';

/** The environment of a test host, with its spy record. */
export interface MemoryEnv extends EnvService {
  readonly calls: readonly ServiceCall[];
  /** The names read so far, in order (repeats kept). */
  readonly reads: readonly string[];
  /** Sets or (with `undefined`) removes a variable. */
  set(name: string, value: string | undefined): void;
  /** A copy of the current variables. */
  values(): Record<string, string>;
  clearCalls(): void;
}

/** The secrets of a test host, with its spy record. */
export interface MemorySecrets extends SecretsService {
  readonly calls: readonly ServiceCall[];
  /** The secret names read so far, in order (repeats kept). */
  readonly reads: readonly string[];
  /** Sets or (with `undefined`) removes a secret. */
  set(name: string, value: string | undefined): void;
  /** A copy of the current secrets (for leak scans). */
  values(): Record<string, string>;
  clearCalls(): void;
}

function createMap(initial: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(initial))
    if (value !== undefined) map.set(name, value);
  return map;
}

function setter(map: Map<string, string>) {
  return (name: string, value: string | undefined): void => {
    if (value === undefined) map.delete(name);
    else map.set(name, value);
  };
}

/**
 * Environment variables from a plain map, never from `process.env`, so tests are hermetic.
 *
 * @example
 * ```ts
 * import { createMemoryEnv } from '@stack-plugin/test-harness';
 *
 * const env = createMemoryEnv({ API_BASE: 'https://api.example.com' });
 * env.get('API_BASE'); // 'https://api.example.com'
 * env.reads; // ['API_BASE']
 * ```
 */
export function createMemoryEnv(
  variables: Readonly<Record<string, string | undefined>> = {},
  options: { readonly sequence?: SpySequence } = {},
): MemoryEnv {
  const map = createMap(variables);
  const log = new SpyLog(options.sequence);
  return Object.defineProperties(
    {
      get: (name: string) => log.trackSync('get', [name], () => map.get(name)),
      set: setter(map),
      values: () => Object.fromEntries(map),
      clearCalls: () => log.clear(),
    },
    {
      calls: { get: () => log.calls, enumerable: true },
      reads: { get: () => log.calls.map((c) => String(c.args[0])), enumerable: true },
    },
  ) as MemoryEnv;
}

/**
 * Secrets from a plain map. The host redacts every value it hands out from logs and errors;
 * the security suite additionally looks for them in outputs, events and encoded forms.
 *
 * @example
 * ```ts
 * import { createMemorySecrets } from '@stack-plugin/test-harness';
 *
 * const secrets = createMemorySecrets({ GITHUB_TOKEN: 'ghp_test' });
 * await secrets.get('GITHUB_TOKEN'); // 'ghp_test'
 * ```
 */
export function createMemorySecrets(
  values: Readonly<Record<string, string | undefined>> = {},
  options: { readonly sequence?: SpySequence } = {},
): MemorySecrets {
  const map = createMap(values);
  const log = new SpyLog(options.sequence);
  return Object.defineProperties(
    {
      get: (name: string) => log.track('get', [name], () => map.get(name)),
      set: setter(map),
      values: () => Object.fromEntries(map),
      clearCalls: () => log.clear(),
    },
    {
      calls: { get: () => log.calls, enumerable: true },
      reads: { get: () => log.calls.map((c) => String(c.args[0])), enumerable: true },
    },
  ) as MemorySecrets;
}
