import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/** `stack-plugin verify`: the host's integrity and signature check, from the command line. */
export default defineCommand({
  name: 'verify',
  summary: 'Check a packed plugin against its integrity manifest and signatures',
  usage: 'stack-plugin verify [tarball|dir] [--trusted KEY]... [--key FILE]... [--json]',
  description: [
    'Runs the exact check a host runs before loading a plugin: every file of the canonical list',
    'must match its SHA-256 (INTEGRITY_MISMATCH), none may be missing (INTEGRITY_FILE_MISSING) or',
    'added (INTEGRITY_UNEXPECTED_FILE), and every signature must verify (SIGNATURE_INVALID).',
    'With --trusted or --key, a valid signature by one of those keys is required',
    '(SIGNATURE_MISSING, SIGNATURE_UNTRUSTED). The target is a tarball from `stack-plugin pack`',
    'or an installed package folder (node_modules/<name>).',
  ].join('\n'),
  examples: [
    'stack-plugin verify my-plugin-1.0.0.tgz',
    'stack-plugin verify node_modules/my-plugin --trusted ed25519:3q2-...',
    'stack-plugin verify my-plugin-1.0.0.tgz --key author.pub.pem --json',
  ],
  options: {
    trusted: {
      type: 'string',
      multiple: true,
      valueName: 'KEY',
      description: 'Trusted public key ("ed25519:<base64url>" or PEM text); requires a signature',
    },
    key: {
      type: 'string',
      multiple: true,
      valueName: 'FILE',
      description: 'Trusted public key file (PEM); requires a signature',
    },
    json: { type: 'boolean', description: 'Print the verdict as JSON on stdout' },
  },
  positionals: { min: 0, max: 1, names: ['tarball|dir'] },
  async run({ values, positionals, io }) {
    const { readFile } = await import('node:fs/promises');
    const { resolve } = await import('node:path');
    const { createError, verifyIntegrity, pdkErrors } = await import('@stack-plugin/pdk');
    const { readPackageSource } = await import('./_package-source.js');
    const target = resolve(io.cwd, positionals[0] ?? '.');
    const keyFiles = await Promise.all(
      (values.key ?? []).map(async (file) => {
        try {
          return await readFile(resolve(io.cwd, file), 'utf8');
        } catch (error) {
          throw createError(
            pdkErrors.SIGNATURE_KEY_INVALID,
            { what: file, detail: 'it cannot be read' },
            { cause: error },
          );
        }
      }),
    );
    const trustedKeys = [...(values.trusted ?? []), ...keyFiles];
    const source = await readPackageSource(target);
    const verdict = verifyIntegrity(source.contents, {
      requireSignatures: trustedKeys.length > 0,
      trustedKeys,
    });
    if (io.json) {
      const { error, ...rest } = verdict;
      io.stdout(`${JSON.stringify({ ...rest, target }, null, 2)}\n`);
    } else if (verdict.ok) {
      const who =
        verdict.trustedSigners.length > 0
          ? `signed by trusted ${verdict.trustedSigners.join(', ')}`
          : verdict.signers.length > 0
            ? `signed by ${verdict.signers.join(', ')} (no trusted key given)`
            : 'unsigned';
      io.stdout(
        `OK ${printable(verdict.plugin ?? target)}: ${verdict.files} files intact, ${who}\n`,
      );
    }
    if (verdict.error !== undefined) throw verdict.error;
    return 0;
  },
});
