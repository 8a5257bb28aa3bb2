import type { EnvService } from '../host-services.js';

/**
 * Environment variables from a fixed map (default: a snapshot of `process.env`). The broker
 * only asks for names a plugin declared (`env:<NAME>`); `STACK_SECRET_*` variables are never
 * served; lookups use own keys only, so names
 * like `__proto__` or `toString` are simply unset.
 */
export function createNodeEnvService(
  env: Record<string, string | undefined> = { ...process.env },
): EnvService {
  // Secrets (`STACK_SECRET_*`) are read through `ctx.secrets`, redacted; never as variables,
  // even if a grant slipped past the permission parser.
  const snapshot = Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^STACK_SECRET_/i.test(name)),
  );
  return {
    get: (name) => (Object.hasOwn(snapshot, name) ? snapshot[name] : undefined),
  };
}
