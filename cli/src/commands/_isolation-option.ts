import type { IsolationLevel } from '@stack-plugin/pdk';

/**
 * The `--isolation` value of `command` (`run`, `dev`, `mcp`), checked against the pdk's levels;
 * `undefined` when the flag was not given.
 *
 * @throws `BAD_USAGE` naming the levels that exist.
 */
export async function isolationOption(
  value: string | undefined,
  command: string,
): Promise<IsolationLevel | undefined> {
  if (value === undefined) return undefined;
  const { createError, ISOLATION_LEVELS, isIsolationLevel } = await import('@stack-plugin/pdk');
  if (isIsolationLevel(value)) return value;
  const { cliErrors } = await import('../cli-errors.js');
  throw createError(cliErrors.BAD_USAGE, {
    detail: `--isolation must be one of ${ISOLATION_LEVELS.join(', ')} (got "${value}")`,
    command,
  });
}
