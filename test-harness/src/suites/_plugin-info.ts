import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CALLABLE_KINDS, type HandlerKindName, type IsolationLevel } from '@stack-plugin/pdk';

/** A contribution a suite can call. */
export interface CallableContribution {
  readonly kind: HandlerKindName;
  readonly id: string;
  readonly input: unknown;
}

/** What the suites read from a plugin folder before running it. */
export interface PluginInfo {
  readonly dir: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly isolation: IsolationLevel;
  readonly timeoutMs: number | undefined;
  readonly callables: readonly CallableContribution[];
}

/** Reads a plugin's manifest and package.json synchronously (suites name their describe blocks). */
export function readPluginInfo(pluginDir: string): PluginInfo {
  const dir = resolve(pluginDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'stack-plugin.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const contributes = (manifest.contributes ?? {}) as Record<
    string,
    Array<{ id: string; input?: unknown }>
  >;
  const callables = CALLABLE_KINDS.flatMap((kind) =>
    (contributes[kind] ?? []).map((c) => ({ kind, id: c.id, input: c.input ?? true })),
  );
  const limits = (manifest.limits ?? {}) as { timeoutMs?: number };
  return {
    dir,
    name: String(pkg.name),
    permissions: Array.isArray(manifest.permissions) ? (manifest.permissions as string[]) : [],
    isolation: (manifest.isolation as PluginInfo['isolation'] | undefined) ?? 'none',
    timeoutMs: limits.timeoutMs,
    callables,
  };
}
