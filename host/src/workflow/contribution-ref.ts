import type { ContributionKind } from '../executor/plugin-executor.js';

/** A resolved reference to one contributed handler. */
export interface ContributionRef {
  readonly kind: ContributionKind;
  readonly id: string;
}

const KINDS: ReadonlySet<string> = new Set<ContributionKind>([
  'commands',
  'steps',
  'transformers',
  'validators',
  'formatters',
  'hooks',
  'skills',
]);

/**
 * Parses `"<kind>:<id>"` (e.g. `transformers:upper`) into a {@link ContributionRef}. A string
 * without a known kind prefix is an id of `defaultKind` (`commands` for workflow steps, as the
 * manifest defines `uses`; `transformers` for chains). Returns `undefined` for an empty id.
 */
export function parseContributionRef(
  ref: string,
  defaultKind: ContributionKind,
): ContributionRef | undefined {
  const colon = ref.indexOf(':');
  if (colon > 0) {
    const kind = ref.slice(0, colon);
    if (KINDS.has(kind)) {
      const id = ref.slice(colon + 1);
      return id === '' ? undefined : { kind: kind as ContributionKind, id };
    }
  }
  return ref === '' ? undefined : { kind: defaultKind, id: ref };
}

/** Per-call details the engines pass to the host's `invoke`. */
export interface EngineInvokeOptions {
  /** Aborted when the run is cancelled or the call times out. */
  readonly signal: AbortSignal;
  /** The step's own timeout, when it declares one (the host still applies its own limits). */
  readonly timeoutMs?: number;
  /** The workflow id, for workflow steps. */
  readonly workflow?: string;
  /** The step id, for workflow steps. */
  readonly step?: string;
}

/**
 * How the engines run one contribution: the host implements it on top of its registry and
 * executors (permission checks, schema validation, plugin timeouts). Tests pass a plain function.
 */
export type EngineInvoke = (
  ref: ContributionRef,
  input: unknown,
  options: EngineInvokeOptions,
) => Promise<unknown>;
