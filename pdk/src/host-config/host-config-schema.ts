/**
 * The ONE definition of `stack.config.json`, the host configuration. The TypeScript type
 * {@link HostConfigFile} and the published JSON Schema (`schema/stack-config.schema.json`,
 * from which the validator is precompiled) both derive from it, as for the manifest. Only
 * types leave this module at run time: hosts and CLIs never load TypeBox. The `policy` section
 * lives in host-config-policy-schema.ts.
 */
import { type Static, Type } from 'typebox';
import { isolationLevelSchema, WorkflowContribution } from '../manifest/manifest-schema.js';
import { HOST_CONFIG_SCHEMA_ID, HOST_CONFIG_SCHEMA_URL } from './host-config-constants.js';
import { Policy } from './host-config-policy-schema.js';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const PluginEntry = Type.Object(
  {
    path: Type.Optional(
      Type.String({
        minLength: 1,
        description: "A plugin folder, relative to this file's folder (or absolute).",
        examples: ['..', 'plugins/notes'],
      }),
    ),
    package: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'An installed npm package, resolved from node_modules of the root and its parents.',
        examples: ['@acme/stack-plugin-notes'],
      }),
    ),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: documents the placeholder syntax.
          "The plugin's configuration, checked against the config schema of its manifest; string values may read the environment as ${env.NAME}.",
      }),
    ),
    isolation: Type.Optional(
      isolationLevelSchema(
        "Raise this plugin's isolation: none, limited or strict. Never lowers what its manifest asks for.",
      ),
    ),
    enabled: Type.Optional(
      Type.Boolean({
        default: true,
        description: 'false keeps the plugin validated but does not activate it.',
      }),
    ),
    idleTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description:
          "Milliseconds without a call after which this sandboxed plugin's worker or process is stopped; it stays active and its next use starts it again. 0 for never. Overrides the host's idleTimeoutMs.",
        examples: [60_000],
      }),
    ),
    permissions: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'The permissions the operator granted (written by stack-plugin add after consent). When set, a plugin whose manifest asks for any other permission is refused before it loads.',
        examples: [['fs:read:src/**', 'net:api.github.com']],
      }),
    ),
    grant: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Narrower grants: each one replaces the permissions of its kind that the manifest asks for (manifest "fs:read:**", grant "fs:read:data/**"). An operation needs both a requested permission and a grant, so a grant never widens the manifest; kinds not named here keep what the manifest asks for.',
        examples: [['fs:read:data/**', 'net:api.github.com']],
      }),
    ),
    deny: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Permissions taken away from the plugin whatever its manifest asks for: a permission kind ("net", "fs:write", "exec") or a permission ("net:evil.example.com"). Calls they match are refused with PERMISSION_DENIED and audited.',
        examples: [['net', 'exec']],
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'Plugin',
    description: 'One plugin to load: exactly one of "path" (a folder) and "package" (installed).',
    oneOf: [{ required: ['path'] }, { required: ['package'] }],
  },
);

const Discovery = Type.Object(
  {
    folders: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: "Folders whose sub-folders are plugins, relative to this file's folder.",
        examples: [['plugins']],
      }),
    ),
    installed: Type.Optional(
      Type.Boolean({
        description:
          'Also load every package in node_modules whose package.json has the keyword "stack-plugin".',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'Discovery',
    description: 'Where else to look for plugins besides "plugins".',
  },
);

const Database = Type.Object(
  {
    url: Type.String({
      pattern: '^postgres(ql)?://',
      description:
        'postgres://user:password@host:port/database of a role that may create roles and schemas; each plugin database becomes a schema owned by a role of its own.',
      examples: ['postgres://stack:secret@127.0.0.1:5432/stack'],
    }),
  },
  {
    additionalProperties: false,
    title: 'Database',
    description:
      'Where ctx.db keeps plugin databases: PostgreSQL at "url". Without "db", a SQLite file per plugin database under the host\'s data folder.',
  },
);

const Audit = Type.Object(
  {
    file: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "The capability audit log, one JSON line per capability use, relative to this file's folder (or absolute). Read it with stack-plugin audit. Without it, records are kept in memory only.",
        examples: ['.stack/audit.jsonl'],
      }),
    ),
    capacity: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000_000,
        default: 10_000,
        description:
          'How many records the host keeps in memory (host.audit()), the oldest dropped first. Default 10000; overrides the auditCapacity option of createHost.',
      }),
    ),
    maxBytes: Type.Optional(
      Type.Integer({
        minimum: 4096,
        maximum: Number.MAX_SAFE_INTEGER,
        default: 10_485_760,
        description:
          'Size in bytes after which the file is rotated: renamed to <file>.1 (older ones to .2, .3, ...) and a new one started. Default 10 MiB.',
      }),
    ),
    keep: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 5,
        description:
          'How many rotated files are kept beside the current one; older are deleted. Default 5.',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'Audit',
    description:
      'The audit log of capability uses (allowed or denied), policy decisions and host records: how many are kept in memory, and optionally a JSON Lines file kept across host restarts, with size-based rotation.',
  },
);

/** The TypeBox definition of `stack.config.json`. */
export const HostConfigSchema = Type.Object(
  {
    $schema: Type.Optional(
      Type.String({
        description: 'URL or path of this JSON Schema, so editors validate and autocomplete.',
        examples: [HOST_CONFIG_SCHEMA_URL],
      }),
    ),
    plugins: Type.Optional(
      Type.Array(PluginEntry, { description: 'The plugins this host loads, in any order.' }),
    ),
    policy: Type.Optional(Policy),
    discover: Type.Optional(Discovery),
    db: Type.Optional(Database),
    audit: Type.Optional(Audit),
    workflows: Type.Optional(
      Type.Array(WorkflowContribution, {
        description:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: documents the placeholder syntax.
          'Workflows defined by the host operator; their steps run commands of any loaded plugin and may read ${env.NAME}.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The parsed content of a valid `stack.config.json`. */
export type HostConfigFile = Static<typeof HostConfigSchema>;

/**
 * The JSON Schema (draft 2020-12) of `stack.config.json` generated from
 * {@link HostConfigSchema}; `scripts/write-schema.ts` writes it to the published file.
 */
export const generatedHostConfigJsonSchema: Record<string, unknown> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: HOST_CONFIG_SCHEMA_ID,
  title: 'Stack host configuration (stack.config.json)',
  description:
    'Which plugins a Stack host loads, with their configuration and isolation, and the policy applied to all of them.',
  examples: [
    {
      $schema: HOST_CONFIG_SCHEMA_URL,
      plugins: [{ path: '..', config: { retries: 3 } }, { package: '@acme/stack-plugin-notes' }],
      policy: { minIsolation: 'limited', maxTimeoutMs: 30_000 },
    },
  ],
  ...(JSON.parse(JSON.stringify(HostConfigSchema)) as Record<string, unknown>),
};
