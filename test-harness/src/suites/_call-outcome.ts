import { isStackPluginError } from '@stack-plugin/pdk';

/** How one call into a plugin ended, as the suites judge it. */
export type CallOutcome =
  | { readonly kind: 'ok'; readonly value: unknown; readonly ms: number }
  | {
      readonly kind: 'rejected';
      readonly error: unknown;
      readonly code: string;
      readonly ms: number;
    }
  | { readonly kind: 'crash'; readonly error: unknown; readonly root: unknown; readonly ms: number }
  | { readonly kind: 'timeout'; readonly error: unknown; readonly ms: number }
  | { readonly kind: 'hung'; readonly ms: number };

/** The innermost cause of an error chain. */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 20; i++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) return current;
    current = cause;
  }
  return current;
}

/**
 * Runs `call` with a watchdog of `watchdogMs` (beyond the host's own deadline) and classifies
 * the result: a coded Stack error is a rejection; a plugin failure whose root cause is a plain
 * exception, or an INTERNAL error, is a crash; PLUGIN_TIMEOUT is a timeout; no answer at all
 * by the watchdog means the host did not enforce its deadline.
 */
export async function classifyCall(
  call: () => Promise<unknown>,
  watchdogMs: number,
): Promise<CallOutcome> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), watchdogMs);
  });
  try {
    const value = await Promise.race([call(), watchdog]);
    const ms = performance.now() - started;
    return value === 'hung' ? { kind: 'hung', ms } : { kind: 'ok', value, ms };
  } catch (error) {
    const ms = performance.now() - started;
    const code = isStackPluginError(error) ? error.code : undefined;
    if (code === 'PLUGIN_TIMEOUT') return { kind: 'timeout', error, ms };
    const root = rootCause(error);
    if (code === undefined || code === 'INTERNAL' || code === 'PLUGIN_CRASHED') {
      return { kind: 'crash', error, root, ms };
    }
    if (code === 'PLUGIN_CALL_FAILED' && !isStackPluginError(root))
      return { kind: 'crash', error, root, ms };
    return { kind: 'rejected', error, code, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** One line describing an error and its root cause. */
export function describeError(error: unknown): string {
  const root = rootCause(error);
  const text = (e: unknown) =>
    e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return root === error ? text(error) : `${text(error)} (cause: ${text(root)})`;
}

/** A short JSON rendering of an input for reports. */
export function preview(value: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
