import { checkTopicPattern } from '../permissions/match-topic.js';
import type { ContributedIds } from './_check-workflows.js';
import { type IssueCollector, isRecord, show } from './_issue-collector.js';
import { isLazyActivation, parseActivationEvent } from './activation-events.js';

const MANIFEST = 'stack-plugin.json';
const HINT =
  'Use onStartup, onCommand:<a command in contributes.commands>, onWorkflow:<workflow id> or onEvent:<topic pattern such as build.*>.';

/** Why one entry is not an activation event this plugin can use, or undefined. */
function problemOf(entry: string, ids: ContributedIds): string | undefined {
  const parsed = parseActivationEvent(entry);
  if (parsed?.on === 'command' && !ids.get('commands')?.has(parsed.id)) {
    return `it names the command "${parsed.id}", which the plugin does not contribute, so no call could ever activate it`;
  }
  if (parsed !== undefined) return undefined;
  if (entry.startsWith('onEvent:')) {
    return checkTopicPattern(entry.slice('onEvent:'.length)) ?? 'it is not a topic pattern';
  }
  return 'it is not one of the activation events';
}

/** `activationEvents`: each entry well-formed and naming what the plugin contributes. */
export function checkActivationEvents(
  c: IssueCollector,
  manifest: Record<string, unknown>,
  ids: ContributedIds,
): void {
  const events = manifest.activationEvents;
  if (!Array.isArray(events)) return;
  events.forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    const problem = problemOf(entry, ids);
    if (problem === undefined) return;
    c.add(
      'ACTIVATION_EVENT_INVALID',
      MANIFEST,
      `/activationEvents/${i}`,
      `The activation event ${show(entry)} is not valid: ${problem}.`,
      HINT,
    );
  });
  const strings = events.filter((e): e is string => typeof e === 'string');
  const hooks = isRecord(manifest.contributes) ? manifest.contributes.hooks : undefined;
  if (isLazyActivation(strings) && Array.isArray(hooks) && hooks.length > 0) {
    c.add(
      'ACTIVATION_LAZY_HOOKS',
      MANIFEST,
      '/activationEvents',
      'The plugin is lazy (no "onStartup") but contributes hooks: the host runs a hook only while its plugin is active, so they are skipped until a call, workflow or event activates it.',
      'Add "onStartup" to "activationEvents" if the hooks must run from the start.',
    );
  }
}
