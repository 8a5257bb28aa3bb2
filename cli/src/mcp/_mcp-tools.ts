import type { PluginStatus } from '@stack-plugin/host';
import { CONTRIBUTION_NOUNS, createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';

/** The contribution kinds `stack-plugin mcp` can serve as tools. */
export type ServedKind = 'skills' | 'commands';

/** A JSON Schema of an MCP tool's arguments or structured result: an object at the root. */
export interface ObjectSchema {
  readonly type: 'object';
  readonly [keyword: string]: unknown;
}

/** One MCP tool and the contribution that serves it. */
export interface McpTool {
  /** What `tools/list` shows: name, title, description and schemas. */
  readonly definition: {
    readonly name: string;
    readonly title?: string;
    readonly description: string;
    readonly inputSchema: ObjectSchema;
    readonly outputSchema?: ObjectSchema;
  };
  readonly kind: ServedKind;
  /** The contribution id, which is also the tool name. */
  readonly id: string;
  readonly plugin: string;
  /**
   * Whether the arguments carry the input under `input`: MCP tool arguments are always an
   * object, so a contribution whose input schema is not an object schema is wrapped.
   */
  readonly wrapped: boolean;
}

interface DeclaredEntry {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  readonly input?: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
}

function isObjectSchema(schema: Record<string, unknown> | undefined): schema is ObjectSchema {
  return schema?.type === 'object';
}

/**
 * The MCP tools of the configured plugins, derived from their manifests: the tool name is the
 * contribution id (the manifest's id grammar is within MCP's tool-name characters), the title
 * and description are the contribution's, the input schema is the contribution's when it is an
 * object schema (otherwise it is wrapped as the `input` argument; with none declared any object
 * is accepted), and the output schema is the contribution's when it is an object schema (MCP
 * structured results are objects). Plugins that failed to start keep their tools, so a call
 * reports why the plugin is not there instead of the tool silently missing.
 *
 * @throws `MCP_TOOL_NAME_CONFLICT` when two served contributions share an id.
 */
export function mcpTools(
  plugins: readonly PluginStatus[],
  kinds: readonly ServedKind[],
): McpTool[] {
  const tools = new Map<string, McpTool>();
  // Kind by kind, so that skills come first in tools/list.
  for (const kind of kinds) {
    for (const status of plugins) {
      const entries = (status.manifest.contributes?.[kind] ?? []) as readonly DeclaredEntry[];
      for (const entry of entries) {
        const taken = tools.get(entry.id);
        if (taken !== undefined) {
          throw createError(cliErrors.MCP_TOOL_NAME_CONFLICT, {
            name: entry.id,
            first: `${CONTRIBUTION_NOUNS[taken.kind]} of "${taken.plugin}"`,
            second: `${CONTRIBUTION_NOUNS[kind]} of "${status.name}"`,
          });
        }
        tools.set(entry.id, toolOf(status, kind, entry));
      }
    }
  }
  return [...tools.values()];
}

function toolOf(status: PluginStatus, kind: ServedKind, entry: DeclaredEntry): McpTool {
  const wrapped = entry.input !== undefined && !isObjectSchema(entry.input);
  const inputSchema: ObjectSchema = wrapped
    ? {
        type: 'object',
        properties: { input: entry.input },
        required: ['input'],
        additionalProperties: false,
      }
    : isObjectSchema(entry.input)
      ? entry.input
      : { type: 'object' };
  const description =
    entry.description ??
    `${entry.title ?? `The ${CONTRIBUTION_NOUNS[kind]} "${entry.id}"`} of the plugin "${status.name}".`;
  return {
    definition: {
      name: entry.id,
      ...(entry.title === undefined ? {} : { title: entry.title }),
      description,
      inputSchema,
      ...(isObjectSchema(entry.output) ? { outputSchema: entry.output } : {}),
    },
    kind,
    id: entry.id,
    plugin: status.name,
    wrapped,
  };
}
