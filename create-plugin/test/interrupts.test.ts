import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScaffolder, tempDir, tree } from './support/run-scaffolder.js';
import { spawnScaffolder } from './support/spawn-scaffolder.js';

const FLAGS = ['--template', 'micro', '--yes', '--no-install', '--no-git'];

/** A package manager that announces itself, records its pid and then hangs. */
async function hangingPackageManager(name: string) {
  const bin = await tempDir();
  const pidFile = join(bin, 'pid');
  await writeFile(
    join(bin, name),
    `#!/bin/sh\necho $$ > "${pidFile}"\necho "[fake-pm] installing" >&2\nexec sleep 30\n`,
  );
  await chmod(join(bin, name), 0o755);
  return { bin, pid: async () => Number(await readFile(pidFile, 'utf8')) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = async (check: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('Ctrl-C and kills', () => {
  it('Ctrl-C during install exits 130, stops the install and says how to finish', async () => {
    const cwd = await tempDir();
    const pm = await hangingPackageManager('npm');
    // The fake npm writes its marker on stdout-less stderr of its own; the scaffolder collects
    // the child's output, so wait for the pid file instead.
    const run = spawnScaffolder(
      cwd,
      ['proj', '-t', 'micro', '--yes', '--pm', 'npm', '--install', '--no-git'],
      { PATH: `${pm.bin}:${process.env.PATH}` },
    );
    expect(await waitFor(async () => (await pm.pid().catch(() => 0)) > 0)).toBe(true);
    const child = await pm.pid();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      'Interrupted (SIGINT). The project files are complete in proj/, but its dependencies are not installed (a partial node_modules/ may be left). To finish: cd proj && npm install',
    );
    expect(await waitFor(async () => !alive(child))).toBe(true);
    expect(await tree(join(cwd, 'proj'))).toContain('stack-plugin.json');
    expect((await readdir(cwd)).filter((e) => e.includes('stack-tmp'))).toEqual([]);
  });

  it('Ctrl-C while files move into an existing folder restores the folder (exit 130)', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'kept', '.git'), { recursive: true });
    const run = spawnScaffolder(cwd, ['kept', ...FLAGS], {
      CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-move',
    });
    await run.waitForStderr('[test-hook] paused mid-move');
    expect((await tree(join(cwd, 'kept'))).length).toBeGreaterThan(3);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted (SIGINT). Nothing was written.');
    expect(await tree(cwd)).toEqual(['kept', 'kept/.git']);
  });

  it('SIGKILL while files move into an existing empty folder is undone by the next run', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'kept', '.git'), { recursive: true });
    const run = spawnScaffolder(cwd, ['kept', ...FLAGS], {
      CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-move',
    });
    await run.waitForStderr('[test-hook] paused mid-move');
    run.child.kill('SIGKILL');
    await run.done;
    // Half a project and a staging folder are what a kill leaves.
    expect((await tree(join(cwd, 'kept'))).length).toBeGreaterThan(3);
    expect((await readdir(cwd)).some((e) => e.startsWith('.kept.stack-tmp-'))).toBe(true);

    const again = await runScaffolder(cwd, ['kept', ...FLAGS]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Undid an interrupted earlier run');
    const fresh = await tempDir();
    await runScaffolder(fresh, ['kept', ...FLAGS]);
    expect(await tree(cwd)).toEqual([...(await tree(fresh)), 'kept/.git'].sort());
  });

  it('a staging folder left by a killed run is removed by the next run', async () => {
    const cwd = await tempDir();
    const run = spawnScaffolder(cwd, ['proj', ...FLAGS], {
      CREATE_STACK_PLUGIN_TEST_HOOK: 'pause-mid-write',
    });
    await run.waitForStderr('[test-hook] paused mid-write');
    run.child.kill('SIGKILL');
    await run.done;
    expect((await readdir(cwd)).some((e) => e.startsWith('.proj.stack-tmp-'))).toBe(true);
    const again = await runScaffolder(cwd, ['proj', ...FLAGS]);
    expect(again.code).toBe(0);
    expect(await readdir(cwd)).toEqual(['proj']);
  });
});
