import { createError } from '@stack-plugin/pdk/errors';
import type { CreateContext } from '../create-context.js';
import { scaffoldErrors } from '../scaffold-errors.js';

/** Oldest Node.js the generated projects (and this scaffolder) support. */
export const MIN_NODE = [22, 12] as const;

/** Whether a Node.js version string (`v22.12.0`) is at least {@link MIN_NODE}. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

/** Step 1: refuse to run on a Node.js the generated project could not use. */
export async function verifyEnv(ctx: CreateContext): Promise<void> {
  const version = ctx.env.CREATE_STACK_PLUGIN_NODE_VERSION ?? process.version;
  if (!isSupportedNode(version)) {
    throw createError(scaffoldErrors.SCAFFOLD_NODE_UNSUPPORTED, {
      version,
      range: `>=${MIN_NODE.join('.')}`,
    });
  }
}
