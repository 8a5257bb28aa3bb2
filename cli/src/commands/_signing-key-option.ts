import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createError, parsePrivateKey, pdkErrors } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';

/** Environment variable that may hold the PEM private key (for CI secrets). */
export const SIGNING_KEY_ENV = 'STACK_PLUGIN_SIGNING_KEY';

/**
 * The private key from `--key FILE`, else from `$STACK_PLUGIN_SIGNING_KEY` (PEM text).
 *
 * @throws {@link StackPluginError} `BAD_USAGE` when required and absent, `SIGNATURE_KEY_INVALID`.
 */
export async function loadSigningKey(
  file: string | undefined,
  io: CommandIo,
  options: { required: boolean; command?: string },
): Promise<KeyObject | undefined> {
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch (error) {
      throw createError(
        pdkErrors.SIGNATURE_KEY_INVALID,
        { what: path, detail: 'it cannot be read' },
        { cause: error },
      );
    }
    return parsePrivateKey(pem, path);
  }
  const fromEnv = io.env[SIGNING_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '')
    return parsePrivateKey(fromEnv, `$${SIGNING_KEY_ENV}`);
  if (options.required) {
    throw createError(cliErrors.BAD_USAGE, {
      command: options.command,
      detail: `A private key is needed: pass --key <file.pem> or set ${SIGNING_KEY_ENV}`,
    });
  }
  return undefined;
}
