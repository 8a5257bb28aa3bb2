// Plain (non-plugin) packages for baselines: the same npm operation on a package that is not
// part of Stack PDK, so a bench shows what our commands add on top of npm itself.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NpmEnv } from './npm-env.ts';
import { run } from './run.ts';

/** Publish `create-plain`: an initializer with no dependencies that writes one file. */
export async function publishPlainInitializer(dir: string, env: NpmEnv): Promise<void> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'create-plain',
      version: '1.0.0',
      type: 'module',
      bin: { 'create-plain': 'bin/create.js' },
    }),
  );
  await writeFile(
    join(dir, 'bin', 'create.js'),
    "#!/usr/bin/env node\nimport { mkdirSync, writeFileSync } from 'node:fs';\nconst dir = process.argv[2] ?? 'plain';\nmkdirSync(dir, { recursive: true });\nwriteFileSync(dir + '/package.json', JSON.stringify({ name: dir, version: '0.1.0' }));\n",
    { mode: 0o755 },
  );
  await run('npm', ['publish', '--ignore-scripts'], { cwd: dir, env });
}

/** Publish a plain library `name@1.0.0` with one module and no dependencies. */
export async function publishPlainLibrary(dir: string, name: string, env: NpmEnv): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  await writeFile(join(dir, 'index.js'), 'export default { activate() {} };\n');
  await run('npm', ['publish', '--ignore-scripts'], { cwd: dir, env });
}
