/**
 * The `policy` section of `stack.config.json` (see host-config-schema.ts, which assembles the
 * whole file): limits, isolation and governance the host applies to every plugin.
 */
import { Type } from 'typebox';
import { PERMISSION_RISKS } from '../capabilities/capability-descriptor.js';
import { isolationLevelSchema } from '../manifest/manifest-schema.js';

/** A permission risk level, one of the pdk's {@link PERMISSION_RISKS}. */
const riskSchema = (description: string) =>
  Type.Unsafe<(typeof PERMISSION_RISKS)[number]>({
    type: 'string',
    enum: [...PERMISSION_RISKS],
    description,
  });

/** `policy.isolationByRisk.<risk>`: the least isolation of a plugin of that risk. */
const isolationFor = (risk: (typeof PERMISSION_RISKS)[number]) =>
  Type.Optional(
    isolationLevelSchema(
      `The least isolation a plugin whose riskiest permission is ${risk} must run at.`,
    ),
  );

/** `{ allow?, deny? }` lists of names or globs (`policy.plugins`, `policy.publishers`). */
const nameLists = (title: string, description: string, items: string, examples?: string[]) =>
  Type.Object(
    {
      allow: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description: `${items} that may load; none other may when this is set.`,
          ...(examples === undefined ? {} : { examples: [examples] }),
        }),
      ),
      deny: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description: `${items} that are refused, whatever "allow" says.`,
        }),
      ),
    },
    { additionalProperties: false, title, description },
  );

/** One budget of `policy.budgets`: a positive whole number. */
const budget = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description }));

/** The TypeBox definition of `policy` in `stack.config.json`. */
export const Policy = Type.Object(
  {
    minIsolation: Type.Optional(
      isolationLevelSchema(
        'Raise every plugin to at least this isolation (never lowers what a manifest asks for).',
      ),
    ),
    maxTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Caps every manifest\'s "limits.timeoutMs", in milliseconds.',
        examples: [30_000],
      }),
    ),
    maxMemoryMb: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Caps every manifest\'s "limits.memoryMb", in MiB.',
        examples: [256],
      }),
    ),
    requireSignatures: Type.Optional(
      Type.Boolean({
        description:
          'Refuse plugin packages that are not signed by one of "trustedKeys" (stack-plugin add, update and the host).',
      }),
    ),
    trustedKeys: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Ids of the keys whose signatures are trusted (see stack-plugin keygen).',
      }),
    ),
    mode: Type.Optional(
      Type.Unsafe<'enforce' | 'warn'>({
        type: 'string',
        enum: ['enforce', 'warn'],
        default: 'enforce',
        description:
          'How the governance rules ("plugins", "publishers", "maxRisk", "isolationByRisk") act: "enforce" refuses a plugin that breaks one before its code runs, "warn" loads it and reports the violation (log and audit log). The other policy fields always apply.',
      }),
    ),
    plugins: Type.Optional(
      nameLists(
        'Plugins',
        'Which plugins may load, by package name or glob ("@acme/*", "*" for unscoped names only). A plugin matching "deny" is refused; when "allow" is set, a plugin matching none of it is refused too.',
        'Package names or globs',
        ['@acme/*', 'stack-plugin-github'],
      ),
    ),
    publishers: Type.Optional(
      nameLists(
        'Publishers',
        'Which signing keys may publish the plugins this host loads, by key id (see stack-plugin keygen). A plugin with a valid signature by a "deny" key is refused; when "allow" is set, a plugin must carry a valid signature by one of its keys.',
        'Key ids',
      ),
    ),
    maxRisk: Type.Optional(
      Type.Object(
        {
          default: Type.Optional(
            riskSchema(
              'The highest permission risk any plugin not named in "plugins" may ask for.',
            ),
          ),
          plugins: Type.Optional(
            Type.Record(
              Type.String({ minLength: 1 }),
              riskSchema('The highest permission risk this plugin may ask for.'),
              {
                description:
                  'Per plugin, by package name or glob: an exact name wins over globs, and among matching globs the lowest level applies.',
                examples: [{ '@acme/deploy': 'critical' }],
              },
            ),
          ),
        },
        {
          additionalProperties: false,
          title: 'MaxRisk',
          description:
            "The highest risk (low, medium, high, critical) a plugin's permissions may carry, rated as stack-plugin validate and the install prompt rate them.",
        },
      ),
    ),
    isolationByRisk: Type.Optional(
      Type.Object(
        Object.fromEntries(PERMISSION_RISKS.map((risk) => [risk, isolationFor(risk)])) as Record<
          (typeof PERMISSION_RISKS)[number],
          ReturnType<typeof isolationFor>
        >,
        {
          additionalProperties: false,
          title: 'IsolationByRisk',
          description:
            'The isolation a plugin must run at, by the highest risk of its permissions; a plugin below it is refused (raise it with "isolation" on its entry or "minIsolation"). A level also covers the levels above it that name none.',
          examples: [{ high: 'limited', critical: 'strict' }],
        },
      ),
    ),
    allowInstallScripts: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Packages whose install scripts may run (after verification); stack-plugin add refuses any other package that declares install scripts.',
        examples: [['@acme/stack-plugin-native']],
      }),
    ),
    budgets: Type.Optional(
      Type.Object(
        {
          logRecordBytes: budget(
            'Largest log record (message plus data), in bytes. Default 16 KiB.',
          ),
          logBytesPerSecond: budget('Log bytes per second per plugin, sustained. Default 256 KiB.'),
          logBurstBytes: budget(
            'Log bytes a plugin may write in a burst above the sustained rate. Default 1 MiB.',
          ),
          eventPayloadBytes: budget('Largest event payload, in bytes. Default 1 MiB.'),
          eventHistoryBytes: budget(
            'Total payload bytes the event history keeps (when it is turned on). Default 8 MiB.',
          ),
          stateKeyLength: budget('Longest state key, in characters. Default 256.'),
          stateValueBytes: budget('Largest state value, in bytes. Default 1 MiB.'),
          stateKeys: budget(
            "Most keys in one state store (a plugin's own, or the shared one). Default 10,000.",
          ),
          stateBytes: budget('Most bytes (keys and values) in one state store. Default 32 MiB.'),
          metricSeries: budget(
            'Most series (name and labels) a plugin may record with ctx.metrics. Default 500.',
          ),
        },
        {
          additionalProperties: false,
          title: 'Budgets',
          description:
            "What the host spends on each plugin's behalf (logs, events, state); a call over a budget is refused with PLUGIN_BUDGET_EXCEEDED. Each one left out keeps its default. The host's DEFAULT_PLUGIN_BUDGETS names the same budgets (a test keeps the two equal).",
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'Policy',
    description:
      'Limits and isolation the host applies to every plugin, and which plugins it loads at all (governance: plugins, publishers, maxRisk, isolationByRisk, mode).',
  },
);
