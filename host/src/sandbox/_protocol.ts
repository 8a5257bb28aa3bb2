/**
 * The wire protocol between the host and one sandbox (a worker or a child process). Every
 * message is a plain structured-clonable object with a `t` tag. The sandbox side is untrusted:
 * the host validates every message it receives (`rpc-guard.ts`) before acting on it.
 */

import type { ContextEntry } from '@stack-plugin/pdk';

/** Operations the host asks a sandbox to run. */
export type SandboxOp = 'activate' | 'deactivate' | 'invoke' | 'deliver';

/** An error as it crosses the boundary. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly hint?: string;
  readonly stack?: string;
}

/** Host -> sandbox. */
export type HostMessage =
  | {
      readonly t: 'init';
      readonly plugin: { readonly name: string; readonly version: string };
      readonly config: Record<string, unknown>;
      readonly script: string;
      readonly callTimeoutMs: number;
      /** How the plugin's `ctx` is built (the pdk's `CONTEXT_LAYOUT`). */
      readonly layout: readonly ContextEntry[];
    }
  | {
      readonly t: 'call';
      readonly id: number;
      readonly op: SandboxOp;
      readonly args: readonly unknown[];
    }
  | { readonly t: 'abort'; readonly id: number }
  | { readonly t: 'ping'; readonly id: number }
  | {
      readonly t: 'capResult';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: WireError;
    };

/**
 * The one message that gives a sandbox its plugin. A freshly spawned sandbox receives it with
 * its boot data (no `booted` -> `init` round trip); a pooled spare receives it as a message.
 */
export type InitMessage = Extract<HostMessage, { readonly t: 'init' }>;

/** Sandbox -> host. */
export type SandboxMessage =
  | { readonly t: 'booted' }
  | { readonly t: 'ready' }
  | { readonly t: 'fatal'; readonly error: WireError }
  | {
      readonly t: 'result';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: WireError;
    }
  | { readonly t: 'pong'; readonly id: number }
  | {
      readonly t: 'cap';
      readonly id: number;
      readonly capability: string;
      readonly method: string;
      readonly args: readonly unknown[];
    };

// The wire allow-list of capability calls is `CAPABILITY_METHODS` of the pdk, derived from its
// capability table; the host's RPC guard reads it there (this file must stay loadable in a
// sandbox, which may import no package).

/** Turns any thrown value into a {@link WireError}. */
export function toWireError(error: unknown): WireError {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
      ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
