/** The file a {@link ManifestIssue} is about. */
export type ManifestIssueFile = 'stack-plugin.json' | 'package.json';

/** Whether an issue makes the plugin invalid (`error`) or is risky but legal (`warning`). */
export type ManifestIssueSeverity = 'error' | 'warning';

/** One problem found by {@link validateManifest}. */
export interface ManifestIssue {
  severity: ManifestIssueSeverity;
  /** Stable code from {@link MANIFEST_ISSUE_CODES}. */
  code: ManifestIssueCode;
  /** JSON Pointer (RFC 6901) into `file`; `""` is the whole document. */
  path: string;
  /** The file concerned. */
  file: ManifestIssueFile;
  /** What is wrong and why it matters. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** True when `stack-plugin validate --fix` repairs it. */
  fixable?: boolean;
}

/** Result of validating a plugin's manifest and package.json. */
export interface ValidationReport {
  /** True when there is no issue of severity `error`. */
  ok: boolean;
  /** Every issue remaining, sorted by file and path. */
  issues: ManifestIssue[];
  /** Issues that `fix: true` repaired in this run (empty without it). */
  fixed: ManifestIssue[];
}

interface CodeInfo {
  readonly severity: ManifestIssueSeverity;
  readonly fixable: boolean;
  /** One line for the README and `validate --help`. */
  readonly summary: string;
}

const code = (severity: ManifestIssueSeverity, summary: string, fixable = false): CodeInfo => ({
  severity,
  fixable,
  summary,
});

/**
 * Every issue code the validator reports, with its severity, whether `--fix` repairs it and a
 * one-line summary. Codes are permanent; keep them sorted.
 */
export const MANIFEST_ISSUE_CODES = {
  ACTIVATION_EVENT_INVALID: code(
    'error',
    'An entry of "activationEvents" is not onStartup, onCommand:<declared command>, onWorkflow:<id> or onEvent:<topic pattern>.',
  ),
  ACTIVATION_LAZY_HOOKS: code(
    'warning',
    'A lazy plugin contributes hooks, which run only once something else has activated it.',
  ),
  CONFIG_DEFAULT_INVALID: code('warning', 'A "default" in the config schema fails its own schema.'),
  CONFIG_SCHEMA_NOT_OBJECT: code(
    'error',
    'The config schema does not describe an object, but ctx.config is always one.',
  ),
  CONTRIBUTION_DUPLICATE_ID: code('error', 'Two contributions of the same kind share an id.'),
  ENTRY_INVALID: code('error', 'The entry path is absolute or leaves the package.'),
  ENTRY_NOT_FOUND: code(
    'warning',
    'The entry file (manifest "main" or package.json "main"/"exports") does not exist yet: build the plugin.',
  ),
  HOST_RANGE_INVALID: code('error', '"host" is not a valid semver range.'),
  HOST_RANGE_UNSATISFIABLE: code(
    'error',
    '"host" excludes every host API version the kit knows, so no host would load the plugin.',
  ),
  JSON_SCHEMA_INVALID: code(
    'error',
    'An embedded JSON Schema (config, input, output, payload) is not valid draft 2020-12.',
  ),
  JSON_SCHEMA_PATTERN_UNSUPPORTED: code(
    'error',
    'A "pattern" or "patternProperties" key cannot run on the linear-time engine (backreference, lookaround, too large).',
  ),
  JSON_SCHEMA_STRICT: code(
    'warning',
    'An embedded JSON Schema has an unknown keyword or format (often a typo).',
  ),
  MANIFEST_FIELD_MISSING: code('error', 'A required manifest field is missing.'),
  MANIFEST_JSON_SYNTAX: code('error', 'stack-plugin.json is not valid JSON.'),
  MANIFEST_MISSING: code('error', 'There is no stack-plugin.json in the plugin folder.'),
  MANIFEST_NOT_OBJECT: code('error', 'stack-plugin.json is not a JSON object.'),
  MANIFEST_PACKAGE_FIELD: code(
    'error',
    'The manifest repeats name, version or description, which come from package.json.',
    true,
  ),
  MANIFEST_SCHEMA: code(
    'error',
    'A manifest value does not match the manifest schema (wrong type, pattern, range...).',
  ),
  MANIFEST_SCHEMA_REF_MISSING: code(
    'warning',
    'The manifest has no "$schema", so editors cannot autocomplete it.',
    true,
  ),
  MANIFEST_TOO_DEEP: code('error', 'A file nests values too deeply to be a manifest.'),
  MANIFEST_UNKNOWN_FIELD: code(
    'error',
    'A field the manifest schema does not know (often a typo).',
  ),
  MANIFEST_UNREADABLE: code(
    'error',
    'stack-plugin.json or package.json exists but cannot be read.',
  ),
  PACKAGE_DESCRIPTION_MISSING: code(
    'warning',
    'package.json has no "description"; docs and listings show it.',
  ),
  PACKAGE_ENGINES_INVALID: code(
    'error',
    'package.json "engines.node" is not a valid semver range.',
  ),
  PACKAGE_ENGINES_MISSING: code('warning', 'package.json has no "engines.node".', true),
  PACKAGE_ENGINES_TOO_LOW: code(
    'warning',
    'package.json "engines.node" allows Node versions older than 22.12.',
  ),
  PACKAGE_INSTALL_SCRIPTS: code(
    'warning',
    'package.json declares install scripts, which hosts refuse and never run.',
  ),
  PACKAGE_JSON_MISSING: code('error', 'There is no package.json next to stack-plugin.json.'),
  PACKAGE_JSON_NOT_OBJECT: code('error', 'package.json is not a JSON object.'),
  PACKAGE_JSON_SYNTAX: code('error', 'package.json is not valid JSON.'),
  PACKAGE_KEYWORD_MISSING: code(
    'error',
    'package.json "keywords" lacks "stack-plugin", so the plugin cannot be found.',
    true,
  ),
  PACKAGE_NAME_INVALID: code('error', 'package.json "name" breaks npm naming rules.'),
  PACKAGE_NAME_MISSING: code('error', 'package.json has no "name".'),
  PACKAGE_VERSION_INVALID: code('error', 'package.json "version" is not a valid semver version.'),
  PACKAGE_VERSION_MISSING: code('error', 'package.json has no "version".'),
  PERMISSION_DUPLICATE: code('warning', 'A permission is listed more than once.', true),
  PERMISSION_HOST_CAPABILITY: code(
    'warning',
    'A permission names a host-defined capability (a dotted name such as acme.tickets) that this tool does not know; only a host defining it loads the plugin.',
  ),
  PERMISSION_INVALID: code('error', 'A permission string is not valid.'),
  PERMISSION_NOT_NORMALIZED: code(
    'warning',
    'A permission is not written in its normal spelling.',
    true,
  ),
  PERMISSION_RISKY: code(
    'warning',
    'A legal permission that is broader than most plugins need (fs:write:**, net:*, exec:bash...).',
  ),
  REQUIRES_NAME_INVALID: code('error', 'A "requires" key is not a valid npm package name.'),
  REQUIRES_RANGE_INVALID: code('error', 'A "requires" value is not a valid semver range.'),
  REQUIRES_SELF: code('error', 'The plugin requires itself.'),
  SECRET_WITHOUT_ISOLATION: code(
    'warning',
    'The plugin reads secrets but accepts "isolation": "none".',
  ),
  VALIDATOR_INTERNAL: code(
    'error',
    'The validator itself failed on this input (a bug; please report it).',
  ),
  WORKFLOW_CYCLE: code('error', 'Workflow steps need each other in a cycle.'),
  WORKFLOW_NEEDS_UNKNOWN: code(
    'error',
    'A workflow step needs a step id that the workflow does not have.',
  ),
  WORKFLOW_STEP_DUPLICATE_ID: code('error', 'Two steps of one workflow share an id.'),
  WORKFLOW_USES_UNKNOWN: code(
    'error',
    'A workflow step uses "<kind>:<id>" that this plugin does not contribute.',
  ),
} as const satisfies Record<string, CodeInfo>;

/** A code from {@link MANIFEST_ISSUE_CODES}. */
export type ManifestIssueCode = keyof typeof MANIFEST_ISSUE_CODES;

/** Escape one key for a JSON Pointer (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Build a JSON Pointer from keys and indexes. */
export function toJsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${escapePointerSegment(s)}`).join('');
}
