import { createError, pdkErrors, type StackPluginError } from '@stack-plugin/pdk';
import {
  DEFAULT_MAX_PAYLOAD_BYTES,
  describePayloadProblem,
  type PayloadFault,
  PLAIN_DATA,
  payloadSize,
} from './payload-rules.js';

export {
  argumentSize,
  DEFAULT_MAX_PAYLOAD_BYTES,
  findPayloadProblem,
  type PayloadFault,
  payloadSize,
} from './payload-rules.js';

/**
 * Checks that a value may cross the broker: structured-clonable data only (primitives, plain
 * objects, arrays, dates, typed arrays), no key that could pollute a prototype, at most
 * 64 levels deep (so no cycles) and about `maxBytes` large. Throws `VALIDATION_FAILED`
 * naming `what` (a function is called only then, so hot paths build no message) and where the
 * problem is (a JSON Pointer). Returns the value's approximate size in bytes (what the
 * host's metrics count as bytes in and out).
 */
export function checkPayload(
  value: unknown,
  options: { what: string | (() => string); maxBytes?: number; plugin?: string },
): number {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const bytes = payloadSize(value, maxBytes);
  if (bytes >= 0) return bytes;
  const fault =
    value instanceof UnsentPayload ? value.fault : describePayloadProblem(value, maxBytes);
  throw payloadRefusal(
    typeof options.what === 'function' ? options.what() : options.what,
    fault,
    options.plugin,
  );
}

/**
 * The `VALIDATION_FAILED` error of a refused value: `what` it was, where and why (`fault`), and
 * the plugin that sent it. The one wording of a refusal, whether the host found the fault or a
 * sandbox did (with the same rule) before sending.
 */
export function payloadRefusal(
  what: string,
  fault: Pick<PayloadFault, 'pointer' | 'detail'>,
  plugin?: string,
): StackPluginError {
  const where = fault.pointer === '' ? '' : `at ${fault.pointer}: `;
  return createError(
    pdkErrors.VALIDATION_FAILED,
    { what, detail: `${where}${fault.detail}`, expected: PLAIN_DATA },
    plugin === undefined ? {} : { plugin },
  );
}

/**
 * What a sandbox answered instead of a value its plugin returned, because the payload rule
 * refuses it (a function, a class instance...): the value never crossed. It stands in for the
 * value where the host checks it, and {@link checkPayload} refuses it with the sandbox's fault,
 * so the caller gets the refusal the value itself gets at isolation `none`.
 */
export class UnsentPayload {
  readonly fault: Pick<PayloadFault, 'pointer' | 'detail'>;
  constructor(fault: Pick<PayloadFault, 'pointer' | 'detail'>) {
    this.fault = fault;
  }
}
