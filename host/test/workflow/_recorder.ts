import { isStackPluginError } from '@stack-plugin/pdk';
import type {
  ContributionRef,
  EngineInvoke,
  EngineInvokeOptions,
} from '../../src/workflow/index.js';

interface Call {
  ref: ContributionRef;
  input: unknown;
  options: EngineInvokeOptions;
}

/** An invoke that records calls and answers from a table of handlers keyed by id. */
export function recorder(
  handlers: Record<string, (input: unknown, o: EngineInvokeOptions) => unknown>,
) {
  const calls: Call[] = [];
  const invoke: EngineInvoke = async (ref, input, options) => {
    calls.push({ ref, input, options });
    const handler = handlers[ref.id];
    if (handler === undefined) throw new Error(`no handler ${ref.id}`);
    return handler(input, options);
  };
  return { calls, invoke };
}

export const errorSummary = (e: unknown): unknown => {
  if (!isStackPluginError(e)) return e instanceof Error ? e.message : e;
  const cause = (e as Error).cause;
  return {
    code: e.code,
    message: e.message,
    ...(cause === undefined ? {} : { cause: errorSummary(cause) }),
  };
};
