/**
 * The `--port` value of `command` (`mcp`, `console`, `dev`): a TCP port from 0 to 65535, 0
 * (any free port) when the flag was not given.
 *
 * @throws `BAD_USAGE` for anything else.
 */
export async function portOption(value: string | undefined, command: string): Promise<number> {
  const port = Number(value ?? '0');
  if (/^\d+$/.test(value ?? '0') && port <= 65_535) return port;
  const { createError } = await import('@stack-plugin/pdk');
  const { cliErrors } = await import('../cli-errors.js');
  throw createError(cliErrors.BAD_USAGE, {
    detail: `--port must be a number from 0 to 65535 (got "${value}")`,
    command,
  });
}
