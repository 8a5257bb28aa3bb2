import { defineCommand } from '../command.js';

/**
 * `stack-plugin generate <kind>`: the generators of create-stack-plugin, reached from the
 * project's own CLI. One implementation: the arguments go as they are to create-stack-plugin's
 * `add`, which is loaded only when this command runs.
 */
export default defineCommand({
  name: 'generate',
  summary: 'Add a command, step, transformer, skill or test to this plugin project',
  usage:
    'stack-plugin generate <command|step|transformer|skill|test> [--id ID] [--title TEXT] [--description TEXT] [--dir DIR] [--yes] [--dry-run]',
  description: [
    'Writes the new handler and its test, adds the contribution to stack-plugin.json, registers it',
    'in src/index.ts, re-runs typegen and re-validates; any failure rolls every file back. This is',
    '`create-stack-plugin add`: `stack-plugin generate <kind> --help` lists its flags.',
  ].join('\n'),
  examples: ['stack-plugin generate command --id greet.hello --title "Say hello" --yes'],
  passThrough: true,
  async run({ positionals, io }) {
    const { Writable } = await import('node:stream');
    const { loadTool } = await import('../_load-tool.js');
    const { run } = await loadTool(
      'create-stack-plugin',
      'generate',
      () => import('create-stack-plugin'),
    );
    // Questions need a terminal on both ends; the scaffolder decides from `isTTY`.
    const isTTY = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const sink = (write: (text: string) => void) =>
      Object.assign(
        new Writable({
          write(chunk, _encoding, done) {
            write(String(chunk));
            done();
          },
        }),
        { isTTY },
      );
    return run(['add', ...positionals], {
      cwd: io.cwd,
      env: io.env,
      stdout: sink(io.stdout),
      stderr: sink(io.stderr),
    });
  },
});
