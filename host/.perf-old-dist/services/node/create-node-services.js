import { join, resolve } from 'node:path';
import { createJsonLogger } from './json-logger.js';
import { createNodeEnvService } from './node-env-service.js';
import { createNodeExecService } from './node-exec-service.js';
import { createNodeFsService } from './node-fs-service.js';
import { createNodeNetService } from './node-net-service.js';
import { createNodeSecretsService } from './node-secrets-service.js';
import { createNodeStateService } from './node-state-service.js';
import { createSystemClock } from './system-clock.js';
/**
 * The real Node adapters behind a host: fs confined to the workspace root, net with address
 * checks and DNS pinning, exec without a shell, env and secrets from the given map (and file),
 * a durable state store, the system clock and a JSON-lines logger. Nothing touches the disk
 * or network until a service is used.
 */
export function createNodeServices(options) {
    const root = resolve(options.root);
    const env = { ...(options.env ?? process.env) };
    const stateDir = resolve(options.stateDir ?? join(root, '.stack', 'state'));
    const logger = options.logger ?? createJsonLogger();
    const secretsFile = options.secretsFile === undefined ? undefined : resolve(root, options.secretsFile);
    const state = createNodeStateService({ dir: stateDir });
    return {
        // Plugins with broad fs grants must still not read the journals or the secrets file.
        fs: createNodeFsService({
            root,
            reserved: secretsFile === undefined ? [stateDir] : [stateDir, secretsFile],
        }),
        net: createNodeNetService(),
        exec: createNodeExecService({ root, env }),
        env: createNodeEnvService(env),
        secrets: createNodeSecretsService({
            env,
            logger,
            ...(secretsFile === undefined ? {} : { file: secretsFile }),
        }),
        state,
        clock: createSystemClock(),
        logger,
        close: () => state.close(),
    };
}
//# sourceMappingURL=create-node-services.js.map