import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findBrokenLinks, generateWorkspaceDocs, type WorkspaceDocsResult } from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

let cleanup: () => Promise<void>;
let result: WorkspaceDocsResult;
let root: string;

beforeAll(async () => {
  ({ root, cleanup } = await scratch());
  const one = await copyFixture(root, 'tiny-library', 'one');
  const two = await copyFixture(root, 'tiny-library', 'two', {
    'package.json': (s) => s.replace('@acme/tiny-library', '@acme/tiny-two'),
    'src/index.ts': (s) => s.replace('Adds two numbers.', 'Adds two numbers, the second way.'),
  });
  const guides = await copyFixture(root, 'weather-plugin', 'guides-source');
  result = await generateWorkspaceDocs({
    name: 'Acme kit',
    packages: [one, two],
    guides: join(guides, 'docs'),
    out: join(root, 'site'),
  });
});
afterAll(() => cleanup());

test('one site for several packages: a module per package, named after it, plus the guides', async () => {
  const readme = await readFile(join(result.markdown as string, 'README.md'), 'utf8');
  expect(readme.split('\n').filter((l) => l.startsWith('- ['))).toEqual([
    '- [Getting started](documents/Getting-started.md)',
    '- [@acme/tiny-library](@acme/tiny-library.md)',
    '- [@acme/tiny-two](@acme/tiny-two.md)',
  ]);
  expect(await findBrokenLinks(result.html as string)).toEqual([]);
  expect(await findBrokenLinks(result.markdown as string)).toEqual([]);
  expect(result.searchEntries).toBeGreaterThan(4);
});
