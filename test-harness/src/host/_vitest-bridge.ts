/**
 * The harness runs under vitest (tests) and under plain Node (benches, scripts). Everything
 * vitest-specific goes through here and is loaded only inside a vitest worker, so plain Node
 * never evaluates the `vitest` package.
 */

type VitestModule = typeof import('vitest');

/** Whether this code runs inside a vitest worker. */
export function insideVitest(): boolean {
  return (globalThis as { __vitest_worker__?: unknown }).__vitest_worker__ !== undefined;
}

let vitest: Promise<VitestModule> | undefined;

/** The `vitest` module inside a vitest worker, undefined elsewhere. */
export function loadVitest(): Promise<VitestModule> | undefined {
  if (!insideVitest()) return undefined;
  vitest ??= import('vitest');
  return vitest;
}

/**
 * Imports a plugin module through vitest's module runner when running under vitest, so
 * TypeScript sources are transformed and covered exactly like the test's own imports;
 * plain `import()` elsewhere.
 */
export async function importModule(url: string): Promise<unknown> {
  const api = await loadVitest();
  if (api !== undefined) return api.vi.importActual(url);
  return import(/* @vite-ignore */ url);
}

/**
 * Runs `fn` when the current test finishes, if called inside a test; returns whether it was
 * registered (false in hooks like `beforeAll`, or outside vitest).
 */
export async function onCurrentTestFinished(fn: () => Promise<void> | void): Promise<boolean> {
  const api = await loadVitest();
  if (api === undefined) return false;
  try {
    api.onTestFinished(fn);
    return true;
  } catch {
    return false;
  }
}
