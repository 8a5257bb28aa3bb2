import { createError, type StackPluginError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';

/**
 * How much of the host's memory and output a plugin's work may take. The host spends these on
 * a plugin's behalf (buffering its logs, keeping its events, storing its state), so without
 * them one plugin can exhaust the host for all. Sizes are approximate bytes, measured the way
 * the broker sizes every payload (two bytes per string character, eight per number).
 * Exceeding one refuses that one call with `PLUGIN_BUDGET_EXCEEDED`; the host goes on.
 */
export interface PluginBudgets {
  /** Largest log record: message plus data. Default 16 KiB. */
  readonly logRecordBytes: number;
  /** Log bytes per second per plugin, sustained. Default 256 KiB. */
  readonly logBytesPerSecond: number;
  /** Log bytes a plugin may write in a burst above the sustained rate. Default 1 MiB. */
  readonly logBurstBytes: number;
  /** Largest event payload. Default 1 MiB. */
  readonly eventPayloadBytes: number;
  /** Total payload bytes the event history keeps (when `eventHistory` turns it on). Default 8 MiB. */
  readonly eventHistoryBytes: number;
  /** Longest state key, in characters. Default 256. */
  readonly stateKeyLength: number;
  /** Largest state value. Default 1 MiB. */
  readonly stateValueBytes: number;
  /** Most keys in one store (a plugin's own, or the shared one). Default 10,000. */
  readonly stateKeys: number;
  /** Most bytes (keys and values) in one store. Default 32 MiB. */
  readonly stateBytes: number;
  /** Most series (name and labels) a plugin may record with `ctx.metrics`. Default 500. */
  readonly metricSeries: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The budgets a host applies when its policy sets none. */
export const DEFAULT_PLUGIN_BUDGETS: PluginBudgets = Object.freeze({
  logRecordBytes: 16 * KIB,
  logBytesPerSecond: 256 * KIB,
  logBurstBytes: 1 * MIB,
  eventPayloadBytes: 1 * MIB,
  eventHistoryBytes: 8 * MIB,
  stateKeyLength: 256,
  stateValueBytes: 1 * MIB,
  stateKeys: 10_000,
  stateBytes: 32 * MIB,
  metricSeries: 500,
});

/** The names of the budgets, for config checks and docs. */
export const PLUGIN_BUDGET_NAMES = Object.keys(DEFAULT_PLUGIN_BUDGETS) as ReadonlyArray<
  keyof PluginBudgets
>;

/** The defaults with the policy's values over them. */
export function resolveBudgets(policy: Partial<PluginBudgets> | undefined): PluginBudgets {
  return { ...DEFAULT_PLUGIN_BUDGETS, ...policy };
}

/** Each budget the smaller of the two, so a config file can only tighten what code set. */
export function tightestBudgets(
  a: Partial<PluginBudgets> | undefined,
  b: Partial<PluginBudgets> | undefined,
): Partial<PluginBudgets> | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const out: Partial<Record<keyof PluginBudgets, number>> = { ...b, ...a };
  for (const name of PLUGIN_BUDGET_NAMES) {
    const x = a[name];
    const y = b[name];
    if (x !== undefined && y !== undefined) out[name] = Math.min(x, y);
  }
  return out;
}

/** The error a plugin gets for a call over one of its budgets. */
export function budgetExceeded(
  plugin: string,
  budget: keyof PluginBudgets,
  limit: number,
  detail: string,
): StackPluginError {
  return createError(hostErrors.PLUGIN_BUDGET_EXCEEDED, { plugin, budget, limit, detail });
}
