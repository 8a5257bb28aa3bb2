import { createError, type StackPluginError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import type { SandboxExit } from './sandbox-transport.js';

/** Why a sandbox ended, as the supervisor classifies it. */
export interface SandboxEnd {
  readonly kind: 'crash' | 'out-of-memory' | 'hang' | 'protocol' | 'disposed';
  readonly detail: string;
  readonly exit?: SandboxExit;
}

/** The error calls in flight (and later calls) get once the sandbox has ended. */
export function crashError(
  plugin: string,
  timeoutMs: number,
  end: SandboxEnd | undefined,
): StackPluginError {
  if (end?.kind === 'hang') {
    return createError(hostErrors.PLUGIN_TIMEOUT, { plugin, phase: 'the call', timeoutMs });
  }
  return createError(
    hostErrors.PLUGIN_CRASHED,
    { plugin, detail: end === undefined ? 'the sandbox is gone' : `${end.kind}: ${end.detail}` },
    { cause: end?.exit?.error },
  );
}

export function describeExit(exit: SandboxExit): string {
  if (exit.outOfMemory) return 'its JS heap limit was reached';
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
  // Stack frames say little in a crash report; the lines around them name the error.
  const lines = exit.stderrTail.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
  const why = exit.error?.message ?? lines.slice(-2).join(' | ');
  return why ? `${how}: ${why.slice(0, 1_000)}` : how;
}
