import { parseContributionRef } from '../workflow/contribution-ref.js';
import type { CallOptions, Host } from './host-types.js';

/**
 * `host.call`: runs the contribution `ref` names through `host.invoke`. The reference is read
 * by the one parser of a workflow's `uses` (a known kind prefix selects that kind, anything
 * else is a command id), so every kind of pdk's `CALLABLE_KINDS` is reachable and an unknown
 * id fails as `invoke` fails for it.
 */
export function callContribution(
  host: Pick<Host, 'invoke'>,
  ref: string,
  input?: unknown,
  options?: CallOptions,
): Promise<unknown> {
  const target = parseContributionRef(ref, 'commands') ?? { kind: 'commands' as const, id: ref };
  return host.invoke(target.kind, target.id, input, options);
}
