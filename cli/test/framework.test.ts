import { hostErrors } from '@stack-plugin/host';
import { createError } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { type CommandTable, cliErrors, cliVersion, defineCommand, runCli } from '../src/index.js';

const echo = defineCommand({
  name: 'echo',
  summary: 'Print the arguments',
  usage: 'stack-plugin echo <word> [more] [--upper] [--prefix <text>]',
  description: 'Prints its words, for tests of the framework.',
  examples: ['stack-plugin echo hi --upper'],
  options: {
    upper: { type: 'boolean', short: 'u', description: 'Upper-case the output' },
    prefix: { type: 'string', valueName: 'text', description: 'Text put before the words' },
    tag: { type: 'string', multiple: true, description: 'Tags (repeatable)' },
  },
  positionals: { min: 1, max: 2, names: ['word', 'more'] },
  run({ values, positionals, io }) {
    const text = `${values.prefix ?? ''}${positionals.join(' ')}${values.tag ? ` [${values.tag.join(',')}]` : ''}`;
    io.stdout(`${values.upper ? text.toUpperCase() : text}\n`);
    if (io.json) io.stdout(`${JSON.stringify({ color: io.color, cwd: io.cwd })}\n`);
    return 0;
  },
});

const fail = defineCommand({
  name: 'fail',
  summary: 'Fail in various ways',
  usage: 'stack-plugin fail <how>',
  positionals: { min: 1, max: 1, names: ['how'] },
  async run({ positionals, io }) {
    const how = positionals[0];
    if (how === 'catalog') {
      throw createError(
        hostErrors.PLUGIN_NOT_FOUND,
        { plugin: 'demo' },
        { cause: new Error('disk on fire') },
      );
    }
    if (how === 'usage')
      throw createError(cliErrors.BAD_USAGE, {
        detail: 'Invalid JSON in --input',
        command: 'fail',
      });
    if (how === 'repeat') {
      // A wrapper whose message already quotes its cause, which has a cause of its own.
      throw createError(
        cliErrors.BAD_USAGE,
        { detail: 'Reading stack.config.json failed: disk on fire', command: 'fail' },
        { cause: new Error('disk on fire', { cause: new Error('no space left on device') }) },
      );
    }
    if (how === 'code') return 1;
    if (how === 'stdin') {
      io.stdout(await io.readStdin());
      return 0;
    }
    throw new TypeError('boom');
  },
});

const table: CommandTable = {
  echo: async () => ({ default: echo }),
  fail: async () => ({ default: fail }),
};

const run = (argv: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(argv, { commands: table, cwd: '/tmp', ...options });

describe('runCli', () => {
  it('runs a command with options and positionals', async () => {
    expect(
      await run(['echo', 'hi', 'there', '-u', '--prefix=> ', '--tag', 'a', '--tag', 'b']),
    ).toEqual({
      code: 0,
      stdout: '> HI THERE [A,B]\n',
      stderr: '',
    });
  });

  it('prints the version with --version and -v', async () => {
    const version = cliVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await run(['-v'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists every command in the global help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.replace(cliVersion(), 'X.Y.Z')).toMatchInlineSnapshot(`
      "stack-plugin X.Y.Z: check, type, build and run Stack plugins

      Usage: stack-plugin <command> [options]

      Commands:
        echo  Print the arguments
        fail  Fail in various ways

      Global options:
        -h, --help     Show help (also \`stack-plugin <command> --help\`)
        -v, --version  Print the version
            --json     Machine-readable output; errors as JSON on stderr

      Exit status: 0 success, 1 failure (or problems found), 2 bad usage.
      Colors only on a terminal; set NO_COLOR=1 or FORCE_COLOR=0 to turn them off.
      "
    `);
    expect((await run(['help'])).stdout).toBe(result.stdout);
  });

  it('prints help for a command in every spelling', async () => {
    const result = await run(['echo', '--help']);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `Usage: stack-plugin echo <word> [more] [--upper] [--prefix <text>]

Print the arguments

Prints its words, for tests of the framework.

Options:
  -h, --help           Show this help
      --json           Print machine-readable JSON (errors too, on stderr)
  -u, --upper          Upper-case the output
      --prefix <text>  Text put before the words
      --tag <value>    Tags (repeatable)

Examples:
  stack-plugin echo hi --upper
`,
    });
    expect(await run(['--help', 'echo'])).toEqual(result);
    expect(await run(['help', 'echo'])).toEqual(result);
    expect(await run(['echo', '-h'])).toEqual(result);
    // --help wins over other mistakes on the same line.
    expect(await run(['echo', '--nope', 'a', 'b', 'c', '--help'])).toEqual(result);
  });

  it('exits 2 with help on stderr when no command is given', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Commands:\n  echo  Print the arguments\n');
    expect(
      result.stderr.endsWith(
        'error BAD_USAGE No command given.\n  hint: Run `stack-plugin <command> --help` to see the accepted arguments.\n',
      ),
    ).toBe(true);
  });

  it('suggests the closest command for an unknown one, exit 2', async () => {
    expect(await run(['ecoh'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error BAD_USAGE Unknown command "ecoh" (did you mean "echo"?); run `stack-plugin --help` for the list.\n' +
        '  hint: Run `stack-plugin <command> --help` to see the accepted arguments.\n',
    });
    expect((await run(['deploy'])).stderr).toMatch(
      /^error BAD_USAGE Unknown command "deploy"; run/,
    );
    // Inherited object keys are not commands.
    expect((await run(['constructor'])).code).toBe(2);
  });

  it('prints usage errors as JSON with --json, wherever --json is', async () => {
    const expected = {
      code: 2,
      stdout: '',
      stderr: `${JSON.stringify(
        {
          error: {
            code: 'BAD_USAGE',
            message: 'Unknown option "--uper" for "echo" (did you mean "--upper"?).',
            hint: 'Run `stack-plugin echo --help` to see the accepted arguments.',
          },
        },
        null,
        2,
      )}\n`,
    };
    expect(await run(['echo', 'x', '--uper', '--json'])).toEqual(expected);
    expect(await run(['--json', 'echo', 'x', '--uper'])).toEqual(expected);
  });

  it.each([
    [['echo'], 'Missing argument for "echo": <word>'],
    [['echo', 'a', 'b', 'c'], 'Too many arguments for "echo": "c" (at most 2)'],
    [['echo', 'a', '--upper=yes'], 'Option "--upper" does not take a value'],
    [
      ['echo', 'a', '--prefix'],
      'Option "--prefix" needs a value (write --prefix=<value> if it starts with "-")',
    ],
    [
      ['echo', 'a', '--prefix', '--upper'],
      'Option "--prefix" needs a value (write --prefix=<value> if it starts with "-")',
    ],
    [['echo', 'a', '--zzz'], 'Unknown option "--zzz" for "echo"'],
    [['--fix', 'echo'], 'Unknown global option "--fix"; command options go after the command'],
    [
      ['--jsn', 'echo'],
      'Unknown global option "--jsn" (did you mean "--json"?); command options go after the command',
    ],
  ])('rejects bad usage %j with exit 2', async (argv, detail) => {
    const result = await run([...argv, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr).error.message).toBe(`${detail}.`);
  });

  it('prints catalog errors with hint and cause, exit 1', async () => {
    expect(await run(['fail', 'catalog'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error PLUGIN_NOT_FOUND No plugin named "demo" is loaded.\n' +
        '  hint: Check the name in stack.config.json and that the plugin is installed.\n' +
        '  cause: disk on fire\n',
    });
    expect(JSON.parse((await run(['fail', 'catalog', '--json'])).stderr)).toEqual({
      error: {
        code: 'PLUGIN_NOT_FOUND',
        message: 'No plugin named "demo" is loaded.',
        hint: 'Check the name in stack.config.json and that the plugin is installed.',
        plugin: 'demo',
      },
    });
  });

  it('leaves out a cause line the line above already says, and prints the causes below it', async () => {
    const { stderr } = await run(['fail', 'repeat']);
    expect(stderr).not.toContain('cause: disk on fire');
    expect(stderr).toContain('Reading stack.config.json failed: disk on fire');
    expect(stderr).toContain('  cause: no space left on device\n');
  });

  it('exits 2 when a command reports BAD_USAGE itself', async () => {
    const result = await run(['fail', 'usage', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr).error.code).toBe('BAD_USAGE');
  });

  it('turns unexpected exceptions into INTERNAL, exit 1', async () => {
    expect(JSON.parse((await run(['fail', 'other', '--json'])).stderr)).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'An unexpected internal error occurred: boom.',
        hint: 'This is a bug in Stack PDK; please report it with the command you ran.',
      },
    });
    const debug = await run(['fail', 'other'], { env: { STACK_PLUGIN_DEBUG: '1' } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/TypeError: boom\n\s+at /);
  });

  it('passes through the exit code a command returns', async () => {
    expect((await run(['fail', 'code'])).code).toBe(1);
  });

  it('feeds stdin to the command', async () => {
    expect(await run(['fail', 'stdin'], { stdin: 'piped' })).toEqual({
      code: 0,
      stdout: 'piped',
      stderr: '',
    });
  });

  it('gives the command an absolute cwd', async () => {
    const result = await run(['echo', 'x', '--json'], { cwd: 'relative/dir' });
    expect(JSON.parse(result.stdout.split('\n')[1]!).cwd).toBe(`${process.cwd()}/relative/dir`);
  });
});

describe('colors', () => {
  const colorOf = async (env: Record<string, string>, isTTY: boolean) =>
    JSON.parse((await run(['echo', 'x', '--json'], { env, isTTY })).stdout.split('\n')[1]!).color;

  it('are on for a TTY only, and off with NO_COLOR or FORCE_COLOR=0', async () => {
    expect(await colorOf({}, true)).toBe(true);
    expect(await colorOf({}, false)).toBe(false);
    expect(await colorOf({ NO_COLOR: '1' }, true)).toBe(false);
    expect(await colorOf({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await colorOf({ TERM: 'dumb' }, true)).toBe(false);
    expect(await colorOf({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await colorOf({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(false);
  });

  it('style help and errors only when on', async () => {
    const colored = await run(['ecoh'], { isTTY: true });
    expect(colored.stderr).toContain('\u001b[31m');
    expect((await run(['ecoh'], { isTTY: true, env: { NO_COLOR: '1' } })).stderr).not.toContain(
      '\u001b[',
    );
    expect((await run(['--help'], { isTTY: true })).stdout).toContain('\u001b[1mUsage:\u001b[22m');
  });
});
