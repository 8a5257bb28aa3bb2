/**
 * Validation of a large manifest (1,000 contributions, each with its own input and output
 * schemas) per contribution, against ajv checking the same document against the bare
 * published schema (compiled once), in the same run. Runs against pdk/dist: build first.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HOOK_POINTS,
  HOST_API_VERSIONS,
  manifestJsonSchema,
  validateManifest,
  validatePluginDir,
} from '@stack-plugin/pdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { defineBench } from '../../scripts/bench-kit.ts';

const CONTRIBUTIONS = 1000;
const kinds = ['commands', 'steps', 'transformers', 'validators', 'formatters', 'hooks', 'skills'];

/** Distinct schemas per contribution, so no cache hides the per-schema cost. */
function contribution(index: number) {
  return {
    id: `item-${index}`,
    title: `Item ${index}`,
    description: `Contribution number ${index} of the large manifest bench.`,
    input: {
      type: 'object',
      properties: {
        [`name${index}`]: { type: 'string', minLength: 1, maxLength: 200 },
        count: { type: 'integer', minimum: 0, default: index % 10 },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      },
      required: [`name${index}`],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      properties: { [`result${index}`]: { type: 'string' }, ok: { type: 'boolean' } },
      required: ['ok'],
    },
  };
}

function largeManifest() {
  const contributes: Record<string, unknown[]> = {};
  for (let i = 0; i < CONTRIBUTIONS; i++) {
    const kind = i % 10 === 9 ? 'events' : kinds[i % kinds.length]!;
    // A hook names the point it runs at; the schema requires it.
    const entry =
      kind === 'events'
        ? { id: `topic.item-${i}`, payload: contribution(i).input }
        : kind === 'hooks'
          ? { ...contribution(i), point: HOOK_POINTS[i % HOOK_POINTS.length] }
          : contribution(i);
    const list = contributes[kind] ?? [];
    list.push(entry);
    contributes[kind] = list;
  }
  return {
    $schema: './node_modules/@stack-plugin/pdk/schema/stack-plugin.schema.json',
    category: 'workflow',
    host: `^${HOST_API_VERSIONS.at(-1)}`,
    isolation: 'limited',
    permissions: ['fs:read:src/**', 'net:api.example.com', 'state', 'events:emit:topic.**'],
    config: {
      type: 'object',
      properties: { endpoint: { type: 'string', default: 'https://api.example.com' } },
    },
    contributes,
  };
}

const manifest = largeManifest();
const packageJson = {
  name: 'stack-plugin-large',
  version: '1.0.0',
  description: 'A plugin with a thousand contributions',
  type: 'module',
  main: 'index.js',
  keywords: ['stack-plugin'],
  engines: { node: '>=22.12' },
};
const ajv = new Ajv2020({ allErrors: true, strict: false });
const bareSchema = ajv.compile(manifestJsonSchema as object);
let dir = '';

const perItemGoal = ({ perItemMs }: { perItemMs: number | undefined }) =>
  (perItemMs ?? Infinity) < 0.5;

export default defineBench({
  name: 'pdk-validate-large-manifest',
  baseline: {
    name: 'ajv, bare manifest schema (precompiled)',
    fn: () => {
      if (!bareSchema(manifest)) throw new Error(ajv.errorsText(bareSchema.errors));
    },
    items: CONTRIBUTIONS,
  },
  cases: [
    {
      name: `validateManifest (${CONTRIBUTIONS} contributions)`,
      fn: () => {
        const report = validateManifest({ manifest, packageJson, fileExists: () => true });
        if (!report.ok) throw new Error(JSON.stringify(report.issues.slice(0, 3)));
      },
      items: CONTRIBUTIONS,
      goal: '< 0.5 ms per contribution',
      goalMet: perItemGoal,
    },
    {
      name: `validatePluginDir (reads files, ${CONTRIBUTIONS} contributions)`,
      fn: async () => {
        const report = await validatePluginDir(dir);
        if (!report.ok) throw new Error(JSON.stringify(report.issues.slice(0, 3)));
      },
      items: CONTRIBUTIONS,
      goal: '< 0.5 ms per contribution',
      goalMet: perItemGoal,
    },
  ],
  iterations: 10,
  time: 0,
  warmupIterations: 2,
  async setup() {
    dir = await mkdtemp(join(tmpdir(), 'stack-bench-large-'));
    await writeFile(join(dir, 'stack-plugin.json'), JSON.stringify(manifest, null, 2));
    await writeFile(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
    await writeFile(join(dir, 'index.js'), 'export default { activate() {} };\n');
  },
  async teardown() {
    await rm(dir, { recursive: true, force: true });
  },
});
