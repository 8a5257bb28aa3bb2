import { CALLABLE_KINDS, CONTRIBUTION_KINDS, type JsonSchemaObject } from '@stack-plugin/pdk';
import type {
  ContributionInfo,
  ContributionQuery,
  ContributionState,
  PluginStatus,
} from './host-types.js';

const CALLABLE: ReadonlySet<string> = new Set(CALLABLE_KINDS);
/** The schema fields a contribution entry may carry (events name theirs `payload`). */
const SCHEMA_FIELDS = ['input', 'output', 'config', 'payload'] as const;

type Entry = Readonly<Record<string, unknown>> & { readonly id: string };

function stateOf(status: PluginStatus): ContributionState {
  // A lazy plugin's contributions are callable: the first call activates it.
  if (status.state === 'active' || status.state === 'lazy') return 'available';
  return status.state === 'failed' || status.state === 'refused' ? 'refused' : 'disabled';
}

/**
 * `host.contributions()`: every contribution of `plugins`, from their manifests, in plugin
 * order then the order of pdk's `CONTRIBUTION_KINDS`. Pure: the host passes its statuses.
 */
export function listContributions(
  plugins: readonly PluginStatus[],
  query: ContributionQuery = {},
): ContributionInfo[] {
  const found: ContributionInfo[] = [];
  for (const status of plugins) {
    if (query.plugin !== undefined && status.name !== query.plugin) continue;
    const state = stateOf(status);
    for (const kind of CONTRIBUTION_KINDS) {
      if (query.kind !== undefined && kind !== query.kind) continue;
      const entries = (status.manifest.contributes?.[kind] ?? []) as readonly Entry[];
      for (const entry of entries) {
        const schemas: Record<string, JsonSchemaObject> = {};
        for (const field of SCHEMA_FIELDS) {
          const schema = entry[field];
          if (typeof schema === 'object' && schema !== null) {
            schemas[field] = schema as JsonSchemaObject;
          }
        }
        found.push({
          kind,
          id: entry.id,
          ref: CALLABLE.has(kind) ? `${kind}:${entry.id}` : undefined,
          plugin: status.name,
          ...(typeof entry.title === 'string' ? { title: entry.title } : {}),
          ...(typeof entry.description === 'string' ? { description: entry.description } : {}),
          ...schemas,
          state,
          ...(state === 'refused' && status.error !== undefined ? { error: status.error } : {}),
          permissions: status.permissions,
        });
      }
    }
  }
  return found;
}
