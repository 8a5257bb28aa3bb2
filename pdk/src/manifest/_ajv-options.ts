/**
 * The ajv options the validators run with, shared by the run-time instance and by
 * `scripts/validator-modules.ts`, which compiles the fixed schemas ahead of time: a validator
 * generated with other options would report other errors.
 */

import type { Options } from 'ajv/dist/2020.js';

/** The draft 2020-12 dialect, the default `$schema` of every schema in a manifest. */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/**
 * Options of the manifest's own validator. Strict checks are off because it is our own
 * schema; `verbose` gives `parentSchema` and `data`, from which issues take their
 * descriptions and values.
 */
export const MANIFEST_AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  verbose: true,
} as const satisfies Options;

/**
 * Options for schemas written by plugin authors, and for the draft 2020-12 meta-schema that
 * checks them. Not strict: unknown keywords and formats are reported by our own checks, as
 * warnings with a precise path.
 */
export const PLUGIN_SCHEMA_AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  logger: false,
} as const satisfies Options;
