import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';

const resolver = createRequire(import.meta.url);

/** The range the host asks for, from its own package.json (same depth in src/ and dist/). */
function peerRange(name: string): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return pkg.peerDependencies?.[name] ?? 'latest';
}

/**
 * `load()`, a dynamic import of the optional peer dependency `name` that only `feature` needs,
 * so that hosts which never use it do not install it. When `name` itself cannot be found the
 * failure is `OPTIONAL_DEPENDENCY_MISSING` with the install line; any other failure (a broken
 * install, an error inside the module) is thrown as it is.
 */
export async function importOptional<T>(
  name: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND' || resolves(name))
      throw error;
    throw createError(
      hostErrors.OPTIONAL_DEPENDENCY_MISSING,
      { package: name, range: peerRange(name), feature },
      { cause: error },
    );
  }
}

function resolves(name: string): boolean {
  try {
    resolver.resolve(name);
    return true;
  } catch {
    return false;
  }
}
