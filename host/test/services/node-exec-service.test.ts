import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStackPluginError } from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeExecService } from '../../src/services/node/index.js';

let base: string;
let root: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'stack-exec-')));
  root = join(base, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

const node = process.execPath;
const opts = { cwd: '.', timeoutMs: 10_000 };
const exec = (extra: Partial<Parameters<typeof createNodeExecService>[0]> = {}) =>
  createNodeExecService({
    root,
    env: { PATH: process.env.PATH, HOME: '/home/x', SECRET_TOKEN: 'hunter2' },
    ...extra,
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return isStackPluginError(error) ? { code: error.code, message: error.message } : error;
  }
  throw new Error('expected a rejection');
}

describe('createNodeExecService', () => {
  it('runs a program without a shell, with stdin, in a folder of the workspace', async () => {
    const result = await exec().run(
      node,
      ['-e', 'process.stdin.pipe(process.stdout); console.error(process.cwd())', '$(id)', ';', '|'],
      { ...opts, cwd: 'sub', input: 'from stdin' },
    );
    expect(result).toEqual({ exitCode: 0, stdout: 'from stdin', stderr: `${join(root, 'sub')}\n` });
    const args = await exec().run(
      node,
      ['-p', 'JSON.stringify(process.argv.slice(1))', '$(id)', '; rm -rf /', '*'],
      opts,
    );
    expect(JSON.parse(args.stdout)).toEqual(['$(id)', '; rm -rf /', '*']);
  });

  it('passes only the allowed variables, never the whole environment', async () => {
    const result = await exec().run(node, ['-p', 'JSON.stringify(process.env)'], opts);
    // PWD is the working folder, which bubblewrap sets on entering it.
    expect(Object.keys(JSON.parse(result.stdout)).sort()).toEqual(['HOME', 'PATH', 'PWD']);
    const custom = await exec({ passEnv: ['SECRET_TOKEN'] }).run(
      node,
      ['-p', 'process.env.SECRET_TOKEN'],
      opts,
    );
    expect(custom.stdout).toBe('hunter2\n');
  });

  it('reports exit codes and signals as results', async () => {
    expect((await exec().run(node, ['-e', 'process.exit(3)'], opts)).exitCode).toBe(3);
    expect(
      (await exec().run(node, ['-e', "process.kill(process.pid, 'SIGTERM')"], opts)).exitCode,
    ).toBe(143);
  });

  it('kills a program that runs past its timeout, with the children it started', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1001)'], { stdio: 'ignore' });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    let grandchild = 0;
    const error = await failure(
      exec()
        .run(node, ['-e', script], { ...opts, timeoutMs: 1500 })
        .catch((e) => {
          throw e;
        }),
    );
    expect(error).toEqual({
      code: 'EXEC_TIMEOUT',
      message: `"${node}" did not finish within 1500 ms, so it was killed.`,
    });
    // The grandchild printed its pid before the kill; it must be gone with the group. `ps`
    // runs unconfined: a confined one would see only its own PID namespace.
    const listed = await exec({ confine: false }).run('ps', ['-eo', 'pid,args'], opts);
    grandchild = listed.stdout
      .split('\n')
      .filter((l) => l.includes('setInterval(() => {}, 1001)')).length;
    expect(grandchild).toBe(0);
  });

  it('stops a program whose output exceeds the cap', async () => {
    expect(
      await failure(
        exec({ maxOutputBytes: 1000 }).run(
          node,
          ['-e', "process.stdout.write('x'.repeat(5000)); setInterval(() => {}, 1000)"],
          opts,
        ),
      ),
    ).toEqual({
      code: 'EXEC_OUTPUT_LIMIT',
      message: `"${node}" wrote more than 1000 bytes to stdout, so it was stopped.`,
    });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    const running = exec().run(node, ['-e', 'setInterval(() => {}, 1000)'], {
      ...opts,
      signal: controller.signal,
    });
    controller.abort(new Error('stop it'));
    await expect(running).rejects.toThrow('stop it');
    // Also once the program is surely running.
    const later = new AbortController();
    const started = exec().run(node, ['-e', 'setInterval(() => {}, 1000)'], {
      ...opts,
      signal: later.signal,
    });
    setTimeout(() => later.abort(new Error('stop it later')), 300);
    await expect(started).rejects.toThrow('stop it later');
  });

  it('refuses missing programs and working folders outside the workspace', async () => {
    expect(await failure(exec().run('definitely-not-a-program-xyz', [], opts))).toEqual({
      code: 'EXEC_FAILED',
      message: 'Running "definitely-not-a-program-xyz" failed: no such program.',
    });
    symlinkSync(base, join(root, 'up'));
    expect(await failure(exec().run(node, ['-v'], { ...opts, cwd: 'up' }))).toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
    });
    expect(await failure(exec().run(node, ['-v'], { ...opts, cwd: '../' }))).toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
    });
  });
});

describe('createNodeExecService: confinement (attacks by a granted program)', () => {
  const read = (path: string) =>
    `try { console.log(require('node:fs').readFileSync(${JSON.stringify(path)}, 'utf8')) } catch (e) { console.log(e.code) }`;
  const confined = () =>
    exec({
      hidden: { folders: [join(root, '.stack', 'state')], files: [join(root, 'secrets.json')] },
    });
  beforeEach(() => {
    mkdirSync(join(root, '.stack', 'state'), { recursive: true });
    writeFileSync(join(root, '.stack', 'state', 'journal'), 'state-bytes');
    writeFileSync(join(root, 'secrets.json'), '{"TOKEN":"hunter2"}');
  });

  it('cannot read, delete or rename the state folder or read the secrets file', async () => {
    const run = (code: string) => confined().run(node, ['-e', code], opts);
    expect((await run(read('.stack/state/journal'))).stdout).toBe('ENOENT\n');
    expect((await run(read(join(root, 'secrets.json')))).stdout).not.toContain('hunter2');
    await run("require('node:fs').rmSync('.stack', { recursive: true, force: true })");
    await run("try { require('node:fs').renameSync('.stack', 'moved') } catch {}");
    await run("require('node:fs').writeFileSync('.stack/state/journal', 'planted')");
    expect(readFileSync(join(root, '.stack', 'state', 'journal'), 'utf8')).toBe('state-bytes');
    expect(readFileSync(join(root, 'secrets.json'), 'utf8')).toBe('{"TOKEN":"hunter2"}');
    // `rm` also as a program of its own, with a path through `..`.
    await confined().run('rm', ['-rf', 'sub/../.stack'], opts);
    expect(existsSync(join(root, '.stack', 'state', 'journal'))).toBe(true);
  });

  it('writes only inside the workspace', async () => {
    const write = (path: string) =>
      `try { require('node:fs').writeFileSync(${JSON.stringify(path)}, 'x'); console.log('ok') } catch (e) { console.log(e.code) }`;
    const run = (code: string) => confined().run(node, ['-e', code], opts);
    expect((await run(write('inside.txt'))).stdout).toBe('ok\n');
    // Beside the workspace is the sandbox's private /tmp: the write lands nowhere real.
    await run(write(join(base, 'outside.txt')));
    expect(existsSync(join(base, 'outside.txt'))).toBe(false);
    const elsewhere = `/var/tmp/stack-exec-probe-${process.pid}`;
    expect((await run(write(elsewhere))).stdout).toBe('EROFS\n');
    expect(existsSync(elsewhere)).toBe(false);
    expect(readFileSync(join(root, 'inside.txt'), 'utf8')).toBe('x');
  });

  it('runs a program installed below /tmp, which the private /tmp would otherwise hide', async () => {
    const tools = realpathSync(mkdtempSync('/tmp/stack-exec-tools-'));
    try {
      const bin = join(tools, 'bin');
      mkdirSync(bin);
      copyFileSync(node, join(bin, 'node'));
      const service = exec({ env: { PATH: `${bin}:${process.env.PATH}` } });
      const result = await service.run('node', ['-p', '6 * 7'], opts);
      expect(result).toMatchObject({ exitCode: 0, stdout: '42\n' });
    } finally {
      rmSync(tools, { recursive: true, force: true });
    }
  });

  it('refuses to run unconfined when bubblewrap is missing', async () => {
    const bin = join(base, 'bin');
    mkdirSync(bin);
    symlinkSync(node, join(bin, 'node'));
    const service = createNodeExecService({ root, env: { PATH: bin } });
    expect(await failure(service.run('node', ['-v'], opts))).toMatchObject({
      code: 'EXEC_UNCONFINED',
    });
  });
});
