import { readFile, stat } from 'node:fs/promises';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import { hostErrors } from '../../host-errors.js';
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
export function createNodeSecretsService(options: NodeSecretsServiceOptions = {}): SecretsService {
  const env = { ...(options.env ?? process.env) };
  let fileSecrets: Promise<Map<string, string>> | undefined;

  const loadFile = async (path: string) => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw createError(
        pdkErrors.FS_NOT_FOUND,
        { path, operation: 'read secrets' },
        { cause: error },
      );
    }
    if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
      options.logger?.write({
        level: 'warn',
        message: 'The secrets file is readable by other users; restrict it with chmod 600.',
        data: { path },
        time: Date.now(),
      });
    }
    return parseSecrets(text, path);
  };

  return {
    async get(name) {
      const fromEnv = env[secretEnvName(name)];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      if (options.file === undefined) return undefined;
      fileSecrets ??= loadFile(options.file);
      const value = (await fileSecrets).get(name);
      return value === '' ? undefined : value;
    },
  };
}

/** The environment variable that holds secret `name`: `STACK_SECRET_<NAME>`. */
export function secretEnvName(name: string): string {
  return `STACK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** Parses a JSON object of strings or `.env` lines; throws `CONFIG_INVALID` without values. */
export function parseSecrets(text: string, origin = 'secrets file'): Map<string, string> {
  const secrets = new Map<string, string>();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Never echo the parser message: it quotes the text around the error, i.e. secrets.
      throw createError(hostErrors.CONFIG_INVALID, {
        plugin: origin,
        detail: 'it is not valid JSON',
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw createError(hostErrors.CONFIG_INVALID, {
        plugin: origin,
        detail: 'it must be a JSON object',
      });
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        throw createError(hostErrors.CONFIG_INVALID, {
          plugin: origin,
          detail: `"${key}" must be a string`,
        });
      }
      secrets.set(key, value);
    }
    return secrets;
  }
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] === undefined) {
      throw createError(hostErrors.CONFIG_INVALID, {
        plugin: origin,
        detail: `line ${i + 1} is not NAME=value`,
      });
    }
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"')
        value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    secrets.set(match[1], value);
  });
  return secrets;
}
