import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CapabilityDescriptor, checkHostCapability, createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';

/**
 * The host capability descriptors the plugin is written against: package.json
 * `"stackPlugin": { "hostCapabilities": ["@acme/stack-host-capabilities"] }` names modules a
 * host publishes (a package, or a path relative to the plugin folder); every export that is a
 * host capability descriptor (a dotted `name` and `methods`) is taken, in export order. Types
 * (`typegen`) and the permissions page (`docs`) both read them here.
 */
export async function readHostCapabilities(
  root: string,
  packageJson: unknown,
): Promise<CapabilityDescriptor[]> {
  const listed = (packageJson as { stackPlugin?: { hostCapabilities?: unknown } } | undefined)
    ?.stackPlugin?.hostCapabilities;
  if (listed === undefined) return [];
  const fail = (module: string, detail: string, cause?: unknown) =>
    createError(
      cliErrors.TYPEGEN_HOST_CAPABILITIES_INVALID,
      { module, detail },
      cause === undefined ? {} : { cause },
    );
  if (!Array.isArray(listed) || listed.some((m) => typeof m !== 'string')) {
    throw fail(String(listed), 'it must be an array of module names');
  }
  const found = new Map<string, CapabilityDescriptor>();
  for (const module of listed as string[]) {
    let exports: Record<string, unknown>;
    try {
      const file = module.startsWith('.')
        ? resolve(root, module)
        : createRequire(join(root, 'package.json')).resolve(module);
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (cause) {
      throw fail(module, `it could not be loaded (${(cause as Error).message})`, cause);
    }
    for (const value of Object.values(exports)) {
      if (!isHostDescriptor(value) || found.has(value.name)) continue;
      const problems = checkHostCapability(value);
      if (problems.length > 0) throw fail(module, `"${value.name}": ${problems.join('; ')}`);
      found.set(value.name, value);
    }
  }
  return [...found.values()];
}

function isHostDescriptor(value: unknown): value is CapabilityDescriptor {
  if (typeof value !== 'object' || value === null) return false;
  const { name, methods } = value as { name?: unknown; methods?: unknown };
  return (
    typeof name === 'string' &&
    name.includes('.') &&
    typeof methods === 'object' &&
    methods !== null
  );
}
