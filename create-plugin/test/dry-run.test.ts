import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir } from './support/run-scaffolder.js';

const { version } = JSON.parse(
  await readFile(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('--dry-run', () => {
  it('prints the file plan and the steps after it, and writes nothing', async () => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, [
      'my-plugin',
      '--template',
      'integration',
      '--features',
      'ci,examples',
      '--pm',
      'npm',
      '--git',
      '--install',
      '--description',
      'Talks to the Example API',
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.replace(version, '<version>')).toMatchInlineSnapshot(`
      "create-stack-plugin <version>
      Not asking questions (stdin is not a terminal); using the flags given.
      Dry run
      Would create my-plugin in my-plugin/ from the integration template
      features: examples, ci

        + .github/workflows/ci.yml
        + .gitignore
        + .stack-plugin/template.json
        + LICENSE
        + README.md
        + biome.json
        + examples/README.md
        + examples/stack.config.json
        + package.json
        + src/api-client.test.ts
        + src/api-client.ts
        + src/index.ts
        + src/item.test.ts
        + src/item.ts
        + stack-plugin-env.d.ts
        + stack-plugin.json
        + test/performance.test.ts
        + test/plugin.test.ts
        + test/security.test.ts
        + tsconfig.json
        + vitest.config.ts

      21 files
      then: npm install
      then: git init and a first commit (unless inside a repository)
      Dry run: nothing was written.
      "
    `);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('still refuses what a real run would refuse', async () => {
    const cwd = await tempDir();
    const result = await runScaffolder(cwd, ['nul', '--yes', '--dry-run']);
    expect(result.code).toBe(2);
  });
});
