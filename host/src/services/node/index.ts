/**
 * The real Node.js adapters of the host services: what `createHost` uses when a service is
 * not injected.
 */

export type { HiddenPaths } from './_confine-program.js';
export {
  createNodeServices,
  type NodeHostServices,
  type NodeServicesOptions,
} from './create-node-services.js';
export { createJsonLogger, type JsonLoggerOptions } from './json-logger.js';
export { createNodeEnvService } from './node-env-service.js';
export {
  createNodeExecService,
  DEFAULT_PASS_ENV,
  type NodeExecServiceOptions,
} from './node-exec-service.js';
export { createNodeFsService, type NodeFsServiceOptions } from './node-fs-service.js';
export {
  createNodeNetService,
  type NodeNetServiceOptions,
  type ResolvedAddress,
} from './node-net-service.js';
export {
  createNodeSecretsService,
  type NodeSecretsServiceOptions,
  parseSecrets,
  secretEnvName,
} from './node-secrets-service.js';
export {
  createNodeStateService,
  type NodeStateService,
  type NodeStateServiceOptions,
} from './node-state-service.js';
export { createSystemClock } from './system-clock.js';
export { toFsError } from './to-fs-error.js';
