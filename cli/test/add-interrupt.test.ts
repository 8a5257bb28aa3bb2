// Ctrl-C during `stack-plugin add` leaves the project as it was. The real bin in its own
// process group, as a terminal runs it: the signal reaches the CLI and npm together. npm is a
// stand-in on PATH that changes the project as an install does and then waits, so the signal
// lands mid-install every time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_BIN } from './_build-fixture.js';

let root: string;

beforeAll(buildCli, 120_000);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-add-interrupt-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every file under `dir` with a hash of its content, sorted. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) {
      out.push(`${join(entry.parentPath, entry.name).slice(dir.length)}/`);
      continue;
    }
    const full = join(entry.parentPath, entry.name);
    const hash = createHash('sha256')
      .update(await readFile(full))
      .digest('hex');
    out.push(`${full.slice(dir.length)} ${hash}`);
  }
  return out.sort();
}

describe('stack-plugin add, interrupted', () => {
  it('puts package.json and node_modules back and exits 130 when Ctrl-C comes during the install', async () => {
    const project = join(root, 'app');
    await mkdir(join(project, 'node_modules', 'existing'), { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'app', private: true, dependencies: { existing: '1.0.0' } }, null, 2)}\n`,
    );
    await writeFile(join(project, 'node_modules', 'existing', 'index.js'), 'export {};\n');
    await writeFile(join(project, 'stack.config.json'), '{ "plugins": [] }\n');
    const fakeBin = join(root, 'bin');
    const started = join(root, 'npm-started');
    await mkdir(fakeBin, { recursive: true });
    // An install's effects (a new dependency, a package folder, a changed file), then a wait.
    await writeFile(
      join(fakeBin, 'npm'),
      `#!/bin/sh
if [ "$1" != "install" ]; then exit 0; fi
mkdir -p node_modules/acme-plugin
echo '{"name":"acme-plugin","version":"1.0.0"}' > node_modules/acme-plugin/package.json
echo 'changed' > node_modules/existing/index.js
echo '{"name":"app","dependencies":{"existing":"1.0.0","acme-plugin":"^1.0.0"}}' > package.json
touch "${started}"
exec sleep 60
`,
    );
    await chmod(join(fakeBin, 'npm'), 0o755);
    const before = await tree(project);

    const child = spawn(process.execPath, [CLI_BIN, 'add', 'acme-plugin', '--yes'], {
      cwd: project,
      env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, NO_COLOR: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 600 && !existsSync(started); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(existsSync(started), stderr).toBe(true);
    // The whole group, as a terminal's Ctrl-C does.
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await exited;

    expect(code, stderr).toBe(130);
    expect(stderr).toContain('Interrupted (SIGINT)');
    expect(await tree(project)).toEqual(before);
    expect(existsSync(join(project, '.stack-plugin'))).toBe(false);
  }, 60_000);
});
