/**
 * The real Node.js adapters of the host services: what `createHost` uses when a service is
 * not injected.
 */
export { classifyAddress } from './address-range.js';
export { createNodeServices, } from './create-node-services.js';
export { createJsonLogger } from './json-logger.js';
export { createNodeEnvService } from './node-env-service.js';
export { createNodeExecService, DEFAULT_PASS_ENV, } from './node-exec-service.js';
export { createNodeFsService } from './node-fs-service.js';
export { createNodeNetService, } from './node-net-service.js';
export { createNodeSecretsService, parseSecrets, secretEnvName, } from './node-secrets-service.js';
export { createNodeStateService, } from './node-state-service.js';
export { createSystemClock } from './system-clock.js';
export { toFsError } from './to-fs-error.js';
//# sourceMappingURL=index.js.map