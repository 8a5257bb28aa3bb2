export {
  type BuildFile,
  type BuildPluginOptions,
  type BuildResult,
  type BuildWarning,
  buildPlugin,
} from './build/build-plugin.js';
export { type WatchOutcome, type WatchPluginOptions, watchPlugin } from './build/watch-plugin.js';
export { cliErrors } from './cli-errors.js';
export {
  type CommandArgs,
  type CommandDefinition,
  type CommandIo,
  type CommandModule,
  type CommandTable,
  defineCommand,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  type PositionalSpec,
} from './command.js';
export { commands } from './commands/index.js';
export { type CliResult, cliVersion, main, type RunCliOptions, runCli } from './main.js';
export {
  type GeneratePluginTypesOptions,
  type GeneratePluginTypesResult,
  generatePluginTypes,
} from './typegen/generate-plugin-types.js';
export { PLUGIN_TYPES_FILE, renderPluginTypes } from './typegen/render-plugin-types.js';
export {
  type ConvertedType,
  type JsonSchema,
  type SchemaToTypeOptions,
  schemaToType,
} from './typegen/schema-to-type.js';
