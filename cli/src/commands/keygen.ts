import { defineCommand } from '../command.js';

/** `stack-plugin keygen`: an ed25519 key pair for `pack --key` / `sign --key`. */
export default defineCommand({
  name: 'keygen',
  summary: 'Create an ed25519 key pair for signing plugins',
  usage: 'stack-plugin keygen [--out FILE] [--force] [--json]',
  description: [
    'Writes the private key (PKCS#8 PEM, mode 0600) to FILE (default stack-plugin-signing-key.pem)',
    'and the public key to FILE with ".pub.pem", and prints the compact public key',
    '"ed25519:<base64url>" that hosts list in "policy.trustedKeys". Keep the private key secret',
    '(in CI, pass it through the STACK_PLUGIN_SIGNING_KEY secret).',
  ].join('\n'),
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'Private key file to write' },
    force: { type: 'boolean', description: 'Overwrite existing key files' },
    json: { type: 'boolean', description: 'Print { privateKey, publicKey, keyId } as JSON' },
  },
  async run({ values, io }) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { dirname, resolve } = await import('node:path');
    const { createError, generateSigningKeyPair } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const privateFile = resolve(io.cwd, values.out ?? 'stack-plugin-signing-key.pem');
    const publicFile = privateFile.replace(/(\.pem)?$/, '.pub.pem');
    const pair = generateSigningKeyPair();
    const flag = values.force === true ? 'w' : 'wx';
    try {
      await mkdir(dirname(privateFile), { recursive: true });
      await writeFile(privateFile, pair.privateKeyPem, { mode: 0o600, flag });
      await writeFile(publicFile, pair.publicKeyPem, { flag });
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      throw createError(
        cliErrors.BAD_USAGE,
        {
          command: 'keygen',
          detail: exists
            ? `${privateFile} or its .pub.pem already exists; pass --force to replace it or --out to choose another file`
            : `cannot write ${privateFile}: ${(error as Error).message}`,
        },
        { cause: error },
      );
    }
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ privateKey: privateFile, publicKey: publicFile, keyId: pair.keyId }, null, 2)}\n`,
      );
    } else {
      io.stdout(
        `Private key: ${privateFile} (keep it secret)\nPublic key:  ${publicFile}\n` +
          `Trust it in stack.config.json: "policy": { "requireSignatures": true, "trustedKeys": ["${pair.keyId}"] }\n`,
      );
    }
    return 0;
  },
});
