import { createError, findCapability, normalizeWorkspacePath, pdkErrors } from '@stack-plugin/pdk';
import type { BrokerTools } from './_broker-tools.js';

/** The fs methods that need `fs:write`, from the capability table (the others need `fs:read`). */
const WRITES: ReadonlySet<string> = new Set(
  Object.entries(findCapability('fs')?.methods ?? {})
    .filter(([, m]) => m.permission === 'fs:write')
    .map(([name]) => name),
);

/**
 * `ctx.fs`: the path is normalised, checked against the grant, then resolved and checked
 * again where it really leads, and only then handed to the fs service.
 */
export async function fsCall(
  tools: BrokerTools,
  method: string,
  args: readonly unknown[],
): Promise<unknown> {
  const { record, grantFor, denied, invalid, plugin } = tools;
  const services = tools.deps.services;
  // Before any check, so a method added to the table without code here is named as unknown.
  const op = FS_OPS.get(method);
  if (op === undefined) throw tools.unknownCall('fs', method);
  const write = WRITES.has(method);
  const kind = write ? 'fs:write' : 'fs:read';
  const verb = write ? 'write' : 'read';
  const normalized = normalizeWorkspacePath(args[0]);
  if ('error' in normalized) {
    record('fs', method, String(args[0]), false);
    throw invalid(`The path "${String(args[0])}"`, normalized.error);
  }
  const path = normalized.path;
  const grant = grantFor(`${kind}:${path}`);
  if (grant === undefined) {
    record('fs', method, path, false, `${kind}:${path}`);
    throw denied(`${verb} "${path}"`, `${kind}:${path}`);
  }
  // The permission must also hold for where the path really leads: a granted symlink that
  // points at an ungranted file is refused.
  let real: string;
  try {
    real = await services.fs.realpath(path);
  } catch (error) {
    record('fs', method, path, false, `${kind}:${path}`);
    throw createError(
      pdkErrors.PERMISSION_DENIED,
      {
        plugin,
        action: `${verb} "${path}" (it resolves outside the workspace)`,
        permission: `${kind}:${path}`,
      },
      { cause: error },
    );
  }
  if (real !== path && grantFor(`${kind}:${real}`) === undefined) {
    record('fs', method, path, false, `${kind}:${real}`);
    throw denied(`${verb} "${path}", which resolves to "${real}"`, `${kind}:${real}`);
  }
  record('fs', method, path, true, grant);
  return op(services.fs, path, args, tools);
}

type FsOp = (
  fs: BrokerTools['deps']['services']['fs'],
  path: string,
  args: readonly unknown[],
  tools: BrokerTools,
) => unknown;

/** What each fs method does once its path is allowed; a method of the table not here is refused. */
const FS_OPS: ReadonlyMap<string, FsOp> = new Map<string, FsOp>([
  ['readFile', async (fs, path) => new TextDecoder().decode(await fs.readFile(path))],
  ['readBytes', (fs, path) => fs.readFile(path)],
  ['readdir', (fs, path) => fs.readdir(path)],
  ['stat', (fs, path) => fs.stat(path)],
  ['exists', (fs, path) => fs.exists(path)],
  [
    'writeFile',
    (fs, path, args, tools) => {
      const data = args[1];
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
        throw tools.invalid('The data of fs.writeFile', 'it must be a string or a Uint8Array');
      }
      return fs.writeFile(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    },
  ],
  ['mkdir', (fs, path, args) => fs.mkdir(path, { recursive: recursive(args[1]) })],
  ['rm', (fs, path, args) => fs.rm(path, { recursive: recursive(args[1]) })],
]);

function recursive(options: unknown): boolean {
  return (
    typeof options === 'object' &&
    options !== null &&
    (options as { recursive?: unknown }).recursive === true
  );
}
