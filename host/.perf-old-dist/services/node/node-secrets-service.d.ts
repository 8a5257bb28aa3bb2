import type { HostLogger, SecretsService } from '../host-services.js';
/** Options of {@link createNodeSecretsService}. */
export interface NodeSecretsServiceOptions {
    /** Variables searched for `STACK_SECRET_<NAME>` (default `process.env`). */
    readonly env?: Record<string, string | undefined>;
    /**
     * A secrets file: a JSON object of strings (`{ "API_TOKEN": "..." }`), or `.env` lines
     * (`API_TOKEN=...`, `export` and quotes allowed, `#` comments). Read once, on first use.
     */
    readonly file?: string;
    /** Warned when the secrets file is readable by other users. */
    readonly logger?: HostLogger;
}
/**
 * Secrets from the environment or a file. `get('api-token')` looks up
 * `STACK_SECRET_API_TOKEN` (the name upper-cased, every other character than A-Z, 0-9 and `_`
 * turned into `_`), then the exact name in the secrets file; the environment wins, so a
 * deployment can override the file. Empty values count as unset.
 */
export declare function createNodeSecretsService(options?: NodeSecretsServiceOptions): SecretsService;
/** The environment variable that holds secret `name`: `STACK_SECRET_<NAME>`. */
export declare function secretEnvName(name: string): string;
/** Parses a JSON object of strings or `.env` lines; throws `CONFIG_INVALID` without values. */
export declare function parseSecrets(text: string, origin?: string): Map<string, string>;
//# sourceMappingURL=node-secrets-service.d.ts.map