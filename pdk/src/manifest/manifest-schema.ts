/**
 * The ONE definition of `stack-plugin.json`. The TypeScript type {@link Manifest} and the
 * published JSON Schema (`schema/stack-plugin.schema.json`, which the validator uses) both
 * derive from it. Only types leave this module at run time: importing typebox costs tens of
 * milliseconds, which hosts and CLIs should not pay at start-up. A test keeps the JSON file
 * equal to what this definition generates (`npm run schema`).
 */
import { type Static, Type } from 'typebox';
import { ISOLATION_LEVELS, type IsolationLevel } from '../isolation/isolation-level.js';
import { permissionPattern } from '../permissions/permission-pattern.js';
import { ACTIVATION_EVENT_PATTERN } from './activation-events.js';
import {
  CALLABLE_KINDS,
  CONTRIBUTION_ID_PATTERN,
  HOOK_POINTS,
  MANIFEST_SCHEMA_ID,
  MANIFEST_SCHEMA_URL,
} from './manifest-constants.js';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A JSON Schema (draft 2020-12) embedded in the manifest. */
export type JsonSchemaObject = { [keyword: string]: unknown };

/** A string enum as JSON Schema `enum` (clearer errors and completions than `anyOf` of consts). */
const stringEnum = <const T extends readonly string[]>(
  values: T,
  options: { title?: string; description: string; default?: T[number]; examples?: unknown[] },
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/**
 * An isolation level (`none`, `limited`, `strict`) described for the field holding it; the
 * manifest and the host config (`stack.config.json`) both use it.
 */
export const isolationLevelSchema = (
  description: string,
  options: { title?: string; default?: IsolationLevel } = {},
) => stringEnum(ISOLATION_LEVELS, { ...options, description });

const embeddedSchema = (description: string) =>
  Type.Unsafe<JsonSchemaObject>({
    type: 'object',
    $ref: JSON_SCHEMA_DIALECT,
    description,
  });

const contributionId = Type.String({
  pattern: CONTRIBUTION_ID_PATTERN,
  maxLength: 128,
  description:
    'Unique id within this kind in this plugin: words of letters and digits joined by ".", "-" or "_".',
  examples: ['notes.create', 'format-markdown'],
});

const contributionFields = {
  id: contributionId,
  title: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 120,
      description: 'Short human name, shown in UIs and docs.',
    }),
  ),
  description: Type.Optional(
    Type.String({ description: 'What it does, in a sentence or two; shown in docs and help.' }),
  ),
  input: Type.Optional(
    embeddedSchema('JSON Schema of the input; the host validates calls against it.'),
  ),
  output: Type.Optional(
    embeddedSchema('JSON Schema of the output; typegen turns it into the handler return type.'),
  ),
  config: Type.Optional(embeddedSchema('JSON Schema of per-use options of this contribution.')),
};

const Contribution = Type.Object(contributionFields, {
  additionalProperties: false,
  title: 'Contribution',
  description: 'A contribution: an id, plus optional JSON Schemas of its input, output and config.',
});

const HookContribution = Type.Object(
  {
    ...contributionFields,
    point: stringEnum(HOOK_POINTS, {
      description:
        'When the host calls it: host.start, host.stop, command.before, command.after, step.before or step.after. A *.before hook may veto the call by throwing or replace its input by returning { input }.',
      examples: ['command.before'],
    }),
  },
  {
    additionalProperties: false,
    title: 'Hook',
    description: 'A handler the host calls at one lifecycle point.',
  },
);

const EventContribution = Type.Object(
  {
    ...contributionFields,
    id: Type.String({
      pattern: CONTRIBUTION_ID_PATTERN,
      maxLength: 128,
      description: 'The event topic this plugin emits: dot-separated segments.',
      examples: ['notes.created'],
    }),
    payload: Type.Optional(embeddedSchema('JSON Schema of the event payload.')),
  },
  {
    additionalProperties: false,
    title: 'Event',
    description: 'An event topic the plugin emits, with its payload schema.',
  },
);

const usesPattern = `^(?:(?:${CALLABLE_KINDS.join('|')}):)?${CONTRIBUTION_ID_PATTERN.slice(1)}`;

const WorkflowStep = Type.Object(
  {
    id: Type.String({
      pattern: CONTRIBUTION_ID_PATTERN,
      maxLength: 128,
      description: 'Id of the step, unique within the workflow; other steps name it in "needs".',
    }),
    title: Type.Optional(Type.String({ description: 'Short human name of the step.' })),
    uses: Type.String({
      pattern: usesPattern,
      description:
        'What the step runs: "<kind>:<id>" for a contribution of this plugin (kind is commands, steps, transformers, validators, formatters, hooks or skills), or a bare command id, which may belong to any loaded plugin.',
      examples: ['steps:lint', 'transformers:md-to-html', 'notes.create'],
    }),
    with: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Input passed to what the step runs; validated against its input schema.',
      }),
    ),
    needs: Type.Optional(
      Type.Array(Type.String({ pattern: CONTRIBUTION_ID_PATTERN }), {
        uniqueItems: true,
        description:
          'Ids of steps of this workflow that must succeed first. Steps without an order between them may run in parallel.',
        examples: [['fetch']],
      }),
    ),
    optional: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'When true, the workflow continues if this step fails; dependants still run.',
      }),
    ),
    retries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        default: 0,
        description: 'How many times to retry the step after a failure before giving up.',
      }),
    ),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400_000,
        description: 'Time limit of one attempt, in milliseconds; capped by "limits.timeoutMs".',
      }),
    ),
  },
  { additionalProperties: false, title: 'Workflow step', description: 'One step of a workflow.' },
);

/** A workflow, as contributed by a plugin or defined in the host config. */
export const WorkflowContribution = Type.Object(
  {
    ...contributionFields,
    steps: Type.Array(WorkflowStep, {
      minItems: 1,
      description: 'The steps, ordered by "needs" (a directed acyclic graph), not by position.',
    }),
  },
  {
    additionalProperties: false,
    title: 'Workflow',
    description: 'A workflow: steps that run contributions, ordered by their "needs".',
  },
);

const list = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(Type.Array(item, { description }));

const MIGRATIONS = Type.String({
  minLength: 1,
  // `..` segments are refused by the host's one path rule (normalizeWorkspacePath).
  pattern: '^[A-Za-z0-9_][A-Za-z0-9_./-]*$',
  description:
    'Folder of numbered SQL files (001-create-notes.sql, 002-add-tags.sql, ...), relative to the package root; applied in the order of their numbers.',
  examples: ['migrations'],
});

/** The TypeBox definition of `stack-plugin.json`. */
export const ManifestSchema = Type.Object(
  {
    $schema: Type.Optional(
      Type.String({
        description: 'URL or path of this JSON Schema, so editors validate and autocomplete.',
        examples: [MANIFEST_SCHEMA_URL],
      }),
    ),
    category: stringEnum(['integration', 'workflow', 'ui', 'skill', 'micro'], {
      title: 'Category',
      description:
        'What kind of plugin this is: integration (talks to an outside service), workflow (contributes steps and workflows), ui (themes, formatters), skill (agent skills) or micro (one small function).',
      examples: ['integration'],
    }),
    host: Type.String({
      title: 'Host API range',
      minLength: 1,
      description: 'Semver range of the Stack host API this plugin is built for.',
      examples: ['^1.0.0'],
    }),
    main: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Entry module, relative to the package root. Defaults to package.json "main".',
        examples: ['dist/index.js'],
      }),
    ),
    isolation: Type.Optional(
      isolationLevelSchema(
        'The least isolation the plugin accepts: none (in the host process), limited (worker with a broker) or strict (separate process with OS-level restrictions). The host may isolate more, never less.',
        { title: 'Isolation', default: 'none' },
      ),
    ),
    permissions: Type.Optional(
      Type.Array(Type.String({ pattern: permissionPattern() }), {
        title: 'Permissions',
        description:
          'What the plugin may do; anything not listed is denied. fs:read:<glob>, fs:write:<glob> (globs relative to the workspace root), net:<host>[:<port>] (wildcards like *.example.com), env:<NAME> (not STACK_SECRET_*), secret:<NAME>, exec:<command>[:<first argument>,...], events:emit:<pattern>, events:on:<pattern>, state, state:shared, db, db:<name>.',
        examples: [['fs:read:src/**', 'net:api.github.com', 'env:GITHUB_TOKEN', 'state']],
      }),
    ),
    activationEvents: Type.Optional(
      Type.Array(Type.String({ pattern: ACTIVATION_EVENT_PATTERN, maxLength: 300 }), {
        title: 'Activation events',
        uniqueItems: true,
        description:
          'When the host activates the plugin. Without this field, or with "onStartup", it activates when the host starts. Otherwise it is lazy: checked at start but activated on first use, which is the first call of any contribution it declares, the first run of one of its workflows, or one of these events: onCommand:<command id>, onWorkflow:<workflow id> (its own or one of the host config), onEvent:<topic pattern> (the event is delivered to it once active). An empty list activates it on first call only.',
        examples: [['onCommand:notes.create', 'onEvent:build.finished'], ['onStartup']],
      }),
    ),
    limits: Type.Optional(
      Type.Object(
        {
          timeoutMs: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 3_600_000,
              description:
                'Longest a single call may run, in milliseconds (host policy may lower it).',
              examples: [30_000],
            }),
          ),
          memoryMb: Type.Optional(
            Type.Integer({
              minimum: 8,
              maximum: 65_536,
              description: 'Heap limit of an isolated plugin, in MiB (host policy may lower it).',
              examples: [128],
            }),
          ),
        },
        {
          additionalProperties: false,
          title: 'Limits',
          description: 'Resource limits the plugin asks for.',
        },
      ),
    ),
    requires: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Plugins this one needs: npm package name -> semver range.',
        examples: [{ '@acme/stack-plugin-auth': '^2.1.0' }],
      }),
    ),
    config: Type.Optional(
      embeddedSchema(
        'JSON Schema of the plugin configuration (ctx.config). Defaults in it are applied by the host; typegen turns it into the config type.',
      ),
    ),
    db: Type.Optional(
      Type.Object(
        {
          migrations: Type.Optional(MIGRATIONS),
          databases: Type.Optional(
            Type.Record(
              Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
              Type.Object({ migrations: MIGRATIONS }, { additionalProperties: false }),
              {
                description: 'Migrations of the named databases (permission db:<name>), by name.',
                examples: [{ reports: { migrations: 'migrations/reports' } }],
              },
            ),
          ),
        },
        {
          additionalProperties: false,
          title: 'Database',
          description:
            'Migrations of the databases ctx.db gives the plugin (permission db, db:<name>). The host applies the files not applied before, in order, before activate, and records them; an applied file never runs again.',
        },
      ),
    ),
    contributes: Type.Optional(
      Type.Object(
        {
          commands: list(
            Contribution,
            'Commands others can call with ctx.commands.execute or `stack-plugin run`.',
          ),
          steps: list(Contribution, 'Workflow steps.'),
          workflows: list(WorkflowContribution, 'Workflows made of steps.'),
          transformers: list(Contribution, 'Functions that turn one value into another.'),
          validators: list(Contribution, 'Functions that check a value and report problems.'),
          formatters: list(Contribution, 'Functions that render a value as text.'),
          hooks: list(HookContribution, 'Handlers the host calls at its lifecycle points.'),
          events: list(EventContribution, 'Event topics the plugin emits.'),
          skills: list(Contribution, 'Agent skills.'),
          themes: list(Contribution, 'Visual themes.'),
        },
        {
          additionalProperties: false,
          title: 'Contributions',
          description: 'What the plugin adds to the host.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The parsed content of a valid `stack-plugin.json`. */
export type Manifest = Static<typeof ManifestSchema>;

const example = {
  $schema: MANIFEST_SCHEMA_URL,
  category: 'integration',
  host: '^1.0.0',
  isolation: 'limited',
  permissions: ['net:api.github.com', 'secret:GITHUB_TOKEN', 'state'],
  config: {
    type: 'object',
    properties: { owner: { type: 'string' } },
    required: ['owner'],
  },
  contributes: {
    commands: [
      {
        id: 'issues.list',
        title: 'List issues',
        input: { type: 'object', properties: { repo: { type: 'string' } } },
      },
    ],
  },
};

/**
 * The JSON Schema (draft 2020-12) of `stack-plugin.json` generated from
 * {@link ManifestSchema}; `scripts/write-schema.ts` writes it to the published file.
 */
export const generatedManifestJsonSchema: Record<string, unknown> = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: MANIFEST_SCHEMA_ID,
  title: 'Stack plugin manifest (stack-plugin.json)',
  description:
    'Static description of a Stack plugin: what it contributes and what it may do. Name, version and description come from package.json.',
  examples: [example],
  ...(JSON.parse(JSON.stringify(ManifestSchema)) as Record<string, unknown>),
};
