export {
  defineErrors,
  type ErrorArgsOf,
  type ErrorCatalog,
  type ErrorDefinition,
  type ErrorEntry,
  renderHint,
  toClause,
} from './define-errors.js';
export { pdkErrors } from './pdk-errors.js';
export {
  type CreateErrorArgs,
  type CreateErrorOptions,
  createError,
  type ErrorJson,
  type ErrorJsonBody,
  type ErrorJsonTree,
  innerErrors,
  isStackPluginError,
  StackPluginError,
  type StackPluginErrorOptions,
  toErrorJson,
} from './stack-plugin-error.js';
