import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/** `stack-plugin sign`: add an ed25519 signature to a packed plugin's integrity manifest. */
export default defineCommand({
  name: 'sign',
  summary: 'Sign a packed plugin (tarball or extracted folder) with an ed25519 key',
  usage: 'stack-plugin sign <tarball|dir> --key FILE [--json]',
  description: [
    'Checks that every file still matches the integrity manifest written by `stack-plugin pack`,',
    'then adds the signature of the key over the manifest (replacing an older signature by the',
    "same key, keeping other keys' ones). The key is a PKCS#8 PEM ed25519 private key, from",
    '--key or the STACK_PLUGIN_SIGNING_KEY environment variable. A tarball is rewritten in place.',
  ].join('\n'),
  examples: ['stack-plugin sign my-plugin-1.0.0.tgz --key signing-key.pem'],
  options: {
    key: { type: 'string', valueName: 'FILE', description: 'ed25519 private key (PEM)' },
    json: { type: 'boolean', description: 'Print { file, signers } as JSON' },
  },
  positionals: { min: 1, max: 1, names: ['tarball|dir'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { loadSigningKey } = await import('./_signing-key-option.js');
    const { signPackage } = await import('./_sign-package.js');
    const key = await loadSigningKey(values.key, io, { required: true, command: 'sign' });
    const target = resolve(io.cwd, positionals[0] as string);
    const result = await signPackage(target, key as NonNullable<typeof key>);
    if (io.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else
      io.stdout(
        `Signed ${printable(String(result.plugin))} with ${result.keyId}\n  ${result.file}\n`,
      );
    return 0;
  },
});
