import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeSecretsService } from '@stack-plugin/host';
import { describe, expect, it } from 'vitest';

// Examples show how to run them with a secret set in the environment. The variable they name
// must be the one the host's secrets service reads for the secret the manifest asks for: the
// README's variable is fed to the real service, which must then answer every `secret:` grant.
const root = fileURLToPath(new URL('..', import.meta.url));
const VARIABLE = /\b([A-Z][A-Z0-9_]*)=\S+ npx stack-plugin run\b/g;

const cases = readdirSync(join(root, 'examples')).flatMap((name) => {
  const dir = join(root, 'examples', name);
  let manifest: { permissions?: string[] };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'stack-plugin.json'), 'utf8'));
  } catch {
    return [];
  }
  const secrets = (manifest.permissions ?? [])
    .filter((p) => p.startsWith('secret:'))
    .map((p) => p.slice('secret:'.length));
  if (secrets.length === 0) return [];
  const readme = readFileSync(join(dir, 'examples', 'README.md'), 'utf8');
  const variables = [...readme.matchAll(VARIABLE)].map((m) => m[1] as string);
  return [{ name, secrets, variables }];
});

describe('examples that need secrets', () => {
  it('exist', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)('$name names the variables the host reads', async ({ secrets, variables }) => {
    expect(variables.length).toBeGreaterThan(0);
    const env = Object.fromEntries(variables.map((v) => [v, 'set-by-readme']));
    const service = createNodeSecretsService({ env });
    for (const secret of secrets) expect(await service.get(secret)).toBe('set-by-readme');
  });
});
