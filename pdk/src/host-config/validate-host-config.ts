import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import { hostConfigValidator } from '../manifest/_precompiled-validators.js';
import { type SchemaProblemKind, schemaProblems } from '../manifest/_schema-issues.js';
import { HOST_CONFIG_SCHEMA_URL } from './host-config-constants.js';
import type { HostConfigFile } from './host-config-schema.js';

/** Stable codes of {@link HostConfigIssue}s. */
export type HostConfigIssueCode =
  | 'HOST_CONFIG_FIELD_MISSING'
  | 'HOST_CONFIG_PLUGIN_SOURCE'
  | 'HOST_CONFIG_SCHEMA'
  | 'HOST_CONFIG_UNKNOWN_FIELD';

/** One problem of a `stack.config.json`. */
export interface HostConfigIssue {
  /** Stable code: a missing or unknown field, a plugin without exactly one source, a bad value. */
  readonly code: HostConfigIssueCode;
  /** JSON Pointer (RFC 6901) into the config; `""` is the whole document. */
  readonly path: string;
  /** What is wrong and why it matters. */
  readonly message: string;
  /** What to do about it (for an unknown field, the field it probably meant). */
  readonly hint: string;
}

/** Result of {@link validateHostConfig}. */
export interface HostConfigReport {
  /** True when there is no issue. */
  readonly ok: boolean;
  /** Every problem, in document order of the schema checks. */
  readonly issues: readonly HostConfigIssue[];
}

const CODES: Record<SchemaProblemKind, HostConfigIssueCode> = {
  missing: 'HOST_CONFIG_FIELD_MISSING',
  unknown: 'HOST_CONFIG_UNKNOWN_FIELD',
  'one-of-fields': 'HOST_CONFIG_PLUGIN_SOURCE',
  value: 'HOST_CONFIG_SCHEMA',
};

/**
 * Check a parsed `stack.config.json` against its published schema
 * (`@stack-plugin/pdk/config-schema.json`), reporting every problem at once with its JSON
 * Pointer and a hint; unknown keys are refused with a did-you-mean. Pure; never throws.
 *
 * @example
 * ```ts
 * import { validateHostConfig } from '@stack-plugin/pdk';
 *
 * const report = validateHostConfig({ plugins: [{ path: '..' }], polcy: {} });
 * // HOST_CONFIG_UNKNOWN_FIELD /polcy: Did you mean "policy"?
 * for (const issue of report.issues) console.log(issue.code, issue.path, issue.hint);
 * ```
 */
export function validateHostConfig(config: unknown): HostConfigReport {
  const validate = hostConfigValidator();
  if (validate(config)) return { ok: true, issues: [] };
  const issues = schemaProblems(validate.errors, {
    name: 'the host config',
    schema: 'the host config schema (@stack-plugin/pdk/config-schema.json)',
  }).map(({ kind, path, message, hint }) => ({ code: CODES[kind], path, message, hint }));
  return { ok: false, issues };
}

/**
 * `config` typed as a valid `stack.config.json`, or a `HOST_CONFIG_INVALID` error that lists
 * every problem of {@link validateHostConfig} (JSON Pointer, what is wrong, what to do).
 * `what` names the config in the message (its file, or `The host config` for an object).
 */
export function assertHostConfig(config: unknown, what = 'The host config'): HostConfigFile {
  const { ok, issues } = validateHostConfig(config);
  if (ok) return config as HostConfigFile;
  throw createError(pdkErrors.HOST_CONFIG_INVALID, {
    what,
    issues: issues.map(({ path, message, hint }) => ({ path, message, hint })),
    schema: HOST_CONFIG_SCHEMA_URL,
  });
}
