import { checkActivationEvents } from './_check-activation-events.js';
import { checkEmbeddedSchema } from './_check-json-schema.js';
import { checkPermissions } from './_check-permissions.js';
import { type ContributedIds, checkWorkflows } from './_check-workflows.js';
import { type FixAction, type IssueCollector, isRecord, show } from './_issue-collector.js';
import { manifestValidator } from './_precompiled-validators.js';
import { type SchemaProblemKind, schemaProblems } from './_schema-issues.js';
import { allowsAnyVersion, isSemverRange } from './_semver-checks.js';
import { checkPackageName } from './check-package-name.js';
import {
  CONTRIBUTION_KINDS,
  HOST_API_VERSIONS,
  MANIFEST_SCHEMA_URL,
} from './manifest-constants.js';
import { escapePointerSegment, type ManifestIssueCode } from './manifest-issue.js';

const MANIFEST = 'stack-plugin.json';
/** Fields that belong to package.json; the manifest must not repeat them. */
const PACKAGE_FIELDS = new Set(['name', 'version', 'description']);
/** The manifest issue code of each kind of schema problem. */
const CODES = {
  missing: 'MANIFEST_FIELD_MISSING',
  unknown: 'MANIFEST_UNKNOWN_FIELD',
  'one-of-fields': 'MANIFEST_SCHEMA',
  value: 'MANIFEST_SCHEMA',
} as const satisfies Record<SchemaProblemKind, ManifestIssueCode>;
/** Fields of a contribution that hold JSON Schemas. */
const SCHEMA_FIELDS = ['input', 'output', 'config', 'payload'];

/**
 * `name`, `version` or `description` in the manifest: removed by the fix, and moved to
 * package.json when that has none, so no information is lost.
 */
function packageFieldIssue(
  c: IssueCollector,
  name: string,
  path: string,
  value: unknown,
  pkg: unknown,
): void {
  const fixes: FixAction[] = [
    {
      key: `package-field:${name}`,
      file: MANIFEST,
      apply(doc) {
        delete doc[name];
      },
    },
  ];
  const missingThere = isRecord(pkg) && pkg[name] === undefined && typeof value === 'string';
  if (missingThere) {
    fixes.push({
      key: `package-field-move:${name}`,
      file: 'package.json',
      apply(doc) {
        if (doc[name] === undefined) doc[name] = structuredClone(value);
      },
    });
  }
  c.add(
    'MANIFEST_PACKAGE_FIELD',
    MANIFEST,
    path,
    `"${name}" belongs in package.json; the manifest does not repeat it, so the two could disagree.`,
    missingThere
      ? `Move "${name}" to package.json (stack-plugin validate --fix does it).`
      : `Remove "${name}" from stack-plugin.json (stack-plugin validate --fix does it).`,
    fixes,
  );
}

/** Every problem the precompiled manifest validator finds, through the shared translation. */
function checkShape(c: IssueCollector, manifest: Record<string, unknown>, pkg: unknown): void {
  const validate = manifestValidator();
  if (validate(manifest)) return;
  const problems = schemaProblems(validate.errors, {
    name: 'the manifest',
    schema: 'the manifest schema (@stack-plugin/pdk/schema.json)',
  });
  for (const { kind, path, message, hint, error } of problems) {
    const name = path.slice(1);
    if (kind === 'unknown' && error.instancePath === '' && PACKAGE_FIELDS.has(name)) {
      packageFieldIssue(c, name, path, isRecord(error.data) ? error.data[name] : undefined, pkg);
      continue;
    }
    // The schema's permission pattern is for editors; checkPermissions reports each bad
    // permission with what is wrong with it and a hint (PERMISSION_INVALID).
    if (error.keyword === 'pattern' && /^\/permissions\/\d+$/.test(error.instancePath)) continue;
    // Likewise ACTIVATION_EVENT_INVALID for each bad activation event.
    if (error.keyword === 'pattern' && /^\/activationEvents\/\d+$/.test(error.instancePath))
      continue;
    c.add(CODES[kind], MANIFEST, path, message, hint);
  }
}

function checkContributions(c: IssueCollector, contributes: unknown): ContributedIds {
  const ids: ContributedIds = new Map();
  if (!isRecord(contributes)) return ids;
  for (const kind of CONTRIBUTION_KINDS) {
    const list = contributes[kind];
    const seen = new Map<string, number>();
    ids.set(kind, new Set());
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (!isRecord(item)) return;
      if (typeof item.id === 'string') {
        const first = seen.get(item.id);
        if (first !== undefined) {
          c.add(
            'CONTRIBUTION_DUPLICATE_ID',
            MANIFEST,
            `/contributes/${kind}/${i}/id`,
            `The ${kind} id "${item.id}" is already used by /contributes/${kind}/${first}, so calls could not tell them apart.`,
            'Give each contribution of a kind its own id.',
          );
        } else {
          seen.set(item.id, i);
          ids.get(kind)?.add(item.id);
        }
      }
      for (const field of SCHEMA_FIELDS) {
        if (Object.hasOwn(item, field))
          checkEmbeddedSchema(c, item[field], `/contributes/${kind}/${i}/${field}`);
      }
    });
  }
  return ids;
}

/** Every check of the manifest itself; package.json lets "requires" spot self-references. */
export function checkManifest(c: IssueCollector, manifest: unknown, pkg: unknown): void {
  const packageName = isRecord(pkg) ? pkg.name : undefined;
  if (manifest === undefined) {
    c.add(
      'MANIFEST_MISSING',
      MANIFEST,
      '',
      'There is no stack-plugin.json, so this package is not a Stack plugin: hosts read it before running any plugin code.',
      'Create stack-plugin.json (npm create stack-plugin shows a complete one).',
    );
    return;
  }
  if (!isRecord(manifest)) {
    c.add(
      'MANIFEST_NOT_OBJECT',
      MANIFEST,
      '',
      `stack-plugin.json must be a JSON object, but it is ${show(manifest)}.`,
      'Start from {"$schema": "' +
        MANIFEST_SCHEMA_URL +
        '", "category": "micro", "host": "^1.0.0"}.',
    );
    return;
  }
  checkShape(c, manifest, pkg);
  if (!Object.hasOwn(manifest, '$schema')) {
    c.add(
      'MANIFEST_SCHEMA_REF_MISSING',
      MANIFEST,
      '/$schema',
      'The manifest has no "$schema", so editors cannot validate or autocomplete it.',
      `Add "$schema": "${MANIFEST_SCHEMA_URL}" (stack-plugin validate --fix does it).`,
      {
        key: '$schema',
        file: MANIFEST,
        apply(doc) {
          const entries = Object.entries(doc).filter(([k]) => k !== '$schema');
          for (const key of Object.keys(doc)) delete doc[key];
          doc.$schema = MANIFEST_SCHEMA_URL;
          for (const [k, v] of entries) doc[k] = v;
        },
      },
    );
  }
  if (typeof manifest.host === 'string' && manifest.host !== '' && !isSemverRange(manifest.host)) {
    c.add(
      'HOST_RANGE_INVALID',
      MANIFEST,
      '/host',
      `"host" ${show(manifest.host)} is not a semver range, so no host can tell whether it is compatible.`,
      'Use a range of the host API such as "^1.0.0" or ">=1.2 <3".',
    );
  } else if (
    typeof manifest.host === 'string' &&
    manifest.host !== '' &&
    !allowsAnyVersion(manifest.host, HOST_API_VERSIONS)
  ) {
    c.add(
      'HOST_RANGE_UNSATISFIABLE',
      MANIFEST,
      '/host',
      `"host" ${show(manifest.host)} allows none of the host API versions this kit knows (${HOST_API_VERSIONS.join(', ')}), so no host would load the plugin.`,
      `Use a range that includes the current host API, such as "^${HOST_API_VERSIONS.at(-1)}".`,
    );
  }
  if (isRecord(manifest.requires)) {
    for (const [name, range] of Object.entries(manifest.requires)) {
      const path = `/requires/${escapePointerSegment(name)}`;
      const problem = checkPackageName(name);
      if (problem !== undefined) {
        c.add(
          'REQUIRES_NAME_INVALID',
          MANIFEST,
          path,
          `"${name}" is not an npm package name (${problem}), so the dependency can never be found.`,
          'Use the required plugin\'s package.json "name".',
        );
      } else if (name === packageName) {
        c.add(
          'REQUIRES_SELF',
          MANIFEST,
          path,
          `The plugin "${name}" requires itself, which is a dependency cycle of one.`,
          'Remove this entry.',
        );
      }
      if (typeof range === 'string' && !isSemverRange(range)) {
        c.add(
          'REQUIRES_RANGE_INVALID',
          MANIFEST,
          path,
          `${show(range)} is not a semver range, so no version of "${name}" can satisfy it.`,
          'Use a range such as "^1.2.0".',
        );
      }
    }
  }
  checkPermissions(c, manifest);
  if (Object.hasOwn(manifest, 'config')) {
    const { config } = manifest;
    if (isRecord(config) && config.type !== undefined && config.type !== 'object') {
      c.add(
        'CONFIG_SCHEMA_NOT_OBJECT',
        MANIFEST,
        '/config/type',
        `The config schema has "type": ${show(config.type)}, but a plugin's configuration (ctx.config) is always an object of named settings.`,
        'Use "type": "object" with the settings under "properties".',
      );
    }
    checkEmbeddedSchema(c, config, '/config');
  }
  const ids = checkContributions(c, manifest.contributes);
  if (isRecord(manifest.contributes)) checkWorkflows(c, manifest.contributes.workflows, ids);
  checkActivationEvents(c, manifest, ids);
}
