import { expect, it } from 'vitest';
import { createMemoryExec } from './memory-exec.js';

const options = { cwd: '.', timeoutMs: 1000 };

it('answers from fakes: strings, partial results and functions', async () => {
  const exec = createMemoryExec({
    fakes: {
      echo: (args) => `${args.join(' ')}\n`,
      false: { exitCode: 1, stderr: 'nope' },
      pwd: '/workspace\n',
    },
  });
  expect(await exec.run('echo', ['a', 'b'], options)).toEqual({
    exitCode: 0,
    stdout: 'a b\n',
    stderr: '',
  });
  expect(await exec.run('false', [], options)).toEqual({ exitCode: 1, stdout: '', stderr: 'nope' });
  exec.fake({ pwd: (_args, { cwd }) => cwd });
  expect((await exec.run('pwd', [], { ...options, cwd: 'sub' })).stdout).toBe('sub');
  expect(exec.runs.map((r) => [r.command, r.args, r.cwd])).toEqual([
    ['echo', ['a', 'b'], '.'],
    ['false', [], '.'],
    ['pwd', [], 'sub'],
  ]);
});

it('fails commands without a fake and keeps them as unmatched', async () => {
  const exec = createMemoryExec();
  await expect(exec.run('rm', ['-rf', '/'], options)).rejects.toMatchObject({
    code: 'TEST_EXEC_NOT_FAKED',
    message: 'The plugin ran "rm", but the test host has no fake for it, so nothing was run.',
  });
  expect(exec.unmatched).toEqual([
    { command: 'rm', args: ['-rf', '/'], cwd: '.', input: undefined, result: undefined },
  ]);
});
