import { defineCommand } from '../command.js';

/** `stack-plugin pack`: an npm-compatible tarball with an integrity manifest (optionally signed). */
export default defineCommand({
  name: 'pack',
  summary: 'Pack a plugin into an npm tarball with a SHA-256 integrity manifest',
  usage: 'stack-plugin pack [dir] [--out DIR] [--key FILE] [--json]',
  description: [
    'Validates the plugin, lists its files exactly as `npm pack` would (the "files" field,',
    '.npmignore, always-included files), hashes each with SHA-256 into stack-plugin.integrity.json',
    'and writes <name>-<version>.tgz, byte-for-byte reproducible. With --key (or the',
    'STACK_PLUGIN_SIGNING_KEY environment variable holding a PEM key) the manifest is also',
    'signed with ed25519. Publish the result with `npm publish <file>.tgz`.',
    'Scripts are not run: build the plugin first.',
  ].join('\n'),
  examples: ['stack-plugin pack', 'stack-plugin pack --key signing-key.pem --out dist-packs'],
  options: {
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder for the tarball (default: the plugin folder)',
    },
    key: {
      type: 'string',
      valueName: 'FILE',
      description: 'ed25519 private key (PEM) to sign with',
    },
    json: {
      type: 'boolean',
      description: 'Print { file, name, version, files, integrity, signers } as JSON',
    },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { packPlugin } = await import('./_pack-plugin.js');
    const { loadSigningKey } = await import('./_signing-key-option.js');
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const key = await loadSigningKey(values.key, io, { required: false });
    const result = await packPlugin(dir, {
      outDir: resolve(io.cwd, values.out ?? dir),
      key,
      env: io.env,
    });
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    if (io.json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const signed =
        result.signers.length > 0 ? `, signed by ${result.signers.join(', ')}` : ', unsigned';
      const next =
        result.signers.length > 0
          ? `Next: npm publish ${result.file}`
          : `Next: stack-plugin sign ${result.file} --key <private-key.pem>, then npm publish ${result.file}`;
      io.stdout(
        `Packed ${result.name}@${result.version}: ${result.files} files${signed}\n` +
          `  ${result.file}\n  ${result.integrity}\n${next}\n`,
      );
    }
    return 0;
  },
});
