import type { HostLogger, HostServices } from '../host-services.js';
/** Options of {@link createNodeServices}. */
export interface NodeServicesOptions {
    /** Workspace root: fs paths and exec working folders are confined to it. */
    readonly root: string;
    /** Environment for `env`, `STACK_SECRET_*` secrets and programs' PATH (default `process.env`). */
    readonly env?: Record<string, string | undefined>;
    /** A JSON or `.env` secrets file, relative to `root` (see {@link createNodeSecretsService}). */
    readonly secretsFile?: string;
    /** Folder of the state journals (default `<root>/.stack/state`); the fs service refuses it. */
    readonly stateDir?: string;
    /** Where log records go (default JSON lines on stderr). */
    readonly logger?: HostLogger;
}
/** The real services, plus a way to flush and close the state store on shutdown. */
export interface NodeHostServices extends HostServices {
    /** Waits for pending state writes and closes the journals. */
    close(): Promise<void>;
}
/**
 * The real Node adapters behind a host: fs confined to the workspace root, net with address
 * checks and DNS pinning, exec without a shell, env and secrets from the given map (and file),
 * a durable state store, the system clock and a JSON-lines logger. Nothing touches the disk
 * or network until a service is used.
 */
export declare function createNodeServices(options: NodeServicesOptions): NodeHostServices;
//# sourceMappingURL=create-node-services.d.ts.map