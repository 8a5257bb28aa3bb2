/**
 * The isolation levels a plugin can run at, weakest first: `none` runs in the host process,
 * `limited` in a worker thread under SES, `strict` in a child process under Node's permission
 * model with SES inside. The one list: the manifest schema, the host's resolution and policy
 * merge, the host config check, the CLI and the docs diff all read it.
 */
export const ISOLATION_LEVELS = ['none', 'limited', 'strict'] as const;

/** One of {@link ISOLATION_LEVELS}. */
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** Whether `value` names an isolation level. */
export function isIsolationLevel(value: unknown): value is IsolationLevel {
  return (ISOLATION_LEVELS as readonly unknown[]).includes(value);
}

/**
 * How strong `level` is: its index in {@link ISOLATION_LEVELS}. Anything else counts as
 * `strict`, so a misspelt level fails safe.
 */
export function isolationRank(level: string): number {
  const rank = (ISOLATION_LEVELS as readonly string[]).indexOf(level);
  return rank === -1 ? ISOLATION_LEVELS.length - 1 : rank;
}

/**
 * The strongest of `levels` (undefined ones ignored), or `none` when there is none. An unknown
 * level counts as `strict`.
 *
 * @example
 * ```ts
 * import { strongestIsolation } from '@stack-plugin/pdk';
 *
 * strongestIsolation('none', 'limited', undefined); // 'limited'
 * ```
 */
export function strongestIsolation(...levels: ReadonlyArray<string | undefined>): IsolationLevel {
  let best = 0;
  for (const level of levels) if (level !== undefined) best = Math.max(best, isolationRank(level));
  return ISOLATION_LEVELS[best] ?? 'strict';
}
