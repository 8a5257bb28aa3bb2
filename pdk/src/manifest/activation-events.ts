/**
 * When a host activates a plugin (`activationEvents` in the manifest, after VS Code's field of
 * that name). The one definition of the grammar: the manifest schema's pattern, the
 * validator's checks, the host's triggers and the docs read it. Cheap to import (no schema
 * library), as hosts read it at start-up.
 */
import { checkTopicPattern } from '../permissions/match-topic.js';
import { CONTRIBUTION_ID_PATTERN } from './manifest-constants.js';

/**
 * One parsed activation event: `onStartup` (activated when the host starts: the default when
 * the manifest has no `activationEvents`), `onCommand:<id>` (the first call of that command,
 * which it contributes), `onWorkflow:<id>` (the first run of that workflow, its own or the
 * host config's), `onEvent:<pattern>` (the first event on a matching topic).
 */
export type ActivationEvent =
  | { readonly on: 'startup' }
  | { readonly on: 'command'; readonly id: string }
  | { readonly on: 'workflow'; readonly id: string }
  | { readonly on: 'event'; readonly pattern: string };

const ID = CONTRIBUTION_ID_PATTERN.slice(1, -1);
// A topic pattern as the schema can say it; checkTopicPattern says the rest (wildcards as
// whole segments, length).
const TOPIC = '[A-Za-z0-9_*-]+(?:\\.[A-Za-z0-9_*-]+)*';

/** The pattern of one entry of `activationEvents`, for the manifest schema. */
export const ACTIVATION_EVENT_PATTERN = `^(?:onStartup|onCommand:${ID}|onWorkflow:${ID}|onEvent:${TOPIC})$`;
const ENTRY = new RegExp(ACTIVATION_EVENT_PATTERN);

/** Reads one entry of `activationEvents`; undefined when it is not one. */
export function parseActivationEvent(value: string): ActivationEvent | undefined {
  if (!ENTRY.test(value)) return undefined;
  if (value === 'onStartup') return { on: 'startup' };
  const colon = value.indexOf(':');
  const target = value.slice(colon + 1);
  switch (value.slice(0, colon)) {
    case 'onCommand':
      return { on: 'command', id: target };
    case 'onWorkflow':
      return { on: 'workflow', id: target };
    default:
      return checkTopicPattern(target) === undefined ? { on: 'event', pattern: target } : undefined;
  }
}

/**
 * Whether a plugin with these `activationEvents` is lazy: activated on first use rather than
 * at start-up. A manifest without the field, or listing `onStartup`, is eager.
 */
export function isLazyActivation(activationEvents: readonly string[] | undefined): boolean {
  return activationEvents !== undefined && !activationEvents.includes('onStartup');
}

/** The parsed activation events of a manifest (entries that do not parse are left out). */
export function activationEventsOf(manifest: {
  readonly activationEvents?: readonly string[];
}): ActivationEvent[] {
  return (manifest.activationEvents ?? []).flatMap((entry) => parseActivationEvent(entry) ?? []);
}
