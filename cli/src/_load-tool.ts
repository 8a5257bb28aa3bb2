import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createError } from '@stack-plugin/pdk/errors';
import { cliErrors } from './cli-errors.js';

/**
 * The packages only some commands need, and a module of each that resolves when it is
 * installed. They are optional peer dependencies of the CLI, so a host application that installs
 * it for `add`, `run` and the other host commands gets none of them (typescript, typedoc,
 * api-extractor and esbuild alone are about 60 MB); plugin projects made by create-stack-plugin
 * list the author tools in their devDependencies.
 */
const TOOLS = {
  '@modelcontextprotocol/sdk': '@modelcontextprotocol/sdk/types.js',
  '@stack-plugin/docs-gen': '@stack-plugin/docs-gen',
  'create-stack-plugin': 'create-stack-plugin',
  esbuild: 'esbuild',
  typescript: 'typescript',
} as const;

/** A package {@link loadTool} can load. */
export type ToolName = keyof typeof TOOLS;

const resolver = createRequire(import.meta.url);

/** The range the CLI asks for, from its own package.json (same relative place in src/ and dist/). */
function peerRange(name: ToolName): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return pkg.peerDependencies?.[name] ?? 'latest';
}

/** Throws `TOOL_NOT_INSTALLED` unless `name` can be loaded from the CLI's install. */
export function assertToolInstalled(
  name: ToolName,
  command: string,
  resolve: (id: string) => string = resolver.resolve,
): void {
  try {
    resolve(TOOLS[name]);
  } catch {
    throw createError(cliErrors.TOOL_NOT_INSTALLED, {
      package: name,
      range: peerRange(name),
      command,
    });
  }
}

/**
 * `load()` (a dynamic import that reaches `name`) once `name` is known to be installed: a
 * missing tool is `TOOL_NOT_INSTALLED` naming the command and the install line, never Node's
 * module-not-found error from deep inside the CLI.
 */
export async function loadTool<T>(
  name: ToolName,
  command: string,
  load: () => Promise<T>,
): Promise<T> {
  assertToolInstalled(name, command);
  return load();
}
