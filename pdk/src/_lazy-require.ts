import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A loader for a CommonJS dependency that requires it on first use. ajv, semver and picomatch
 * are only needed when validating or matching, and loading them eagerly would add tens of
 * milliseconds to every host and CLI start-up that merely imports the pdk.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
