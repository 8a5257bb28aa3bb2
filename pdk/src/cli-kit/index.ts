/**
 * The pieces the kit's two command lines (`stack-plugin` and `create-stack-plugin`) share, so
 * that they parse, suggest, color and explain alike: an option table that drives both parsing
 * and `--help`, one did-you-mean, one usage error, one color helper. A light entry
 * (`@stack-plugin/pdk/cli-kit`): it loads no schema, validator or error catalog.
 *
 * @packageDocumentation
 */
export { type Colors, createColors, shouldUseColor } from './colors.js';
export { didYouMean, withDidYouMean } from './did-you-mean.js';
export { formatHelpRows, formatOptionHelp, type HelpRow } from './help.js';
export {
  checkChoice,
  type OptionChoice,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  type ParsedOptions,
  parseOptions,
} from './options.js';
export { UsageError } from './usage-error.js';
