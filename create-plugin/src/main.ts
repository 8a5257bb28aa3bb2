import { readFileSync } from 'node:fs';
import type { RunOptions } from './run-options.js';

const ownVersion = (): string =>
  (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

/** The flags given before a `--` terminator. */
const flagsBeforeTerminator = (argv: readonly string[]) => {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
};

/**
 * Run create-stack-plugin with `argv` (without the node and script paths). Resolves with the
 * exit status and never calls `process.exit` itself, except on SIGINT/SIGTERM while writing.
 *
 * `--help` and `--version` win over everything else, as in most CLIs, and are answered before
 * the rest of the scaffolder (the kit's contract package, node-plop, the steps) is loaded:
 * that keeps them instant. `--version` loads nothing else; `--help` loads its option table and
 * the command-line kit's formatter.
 */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const flags = flagsBeforeTerminator(argv);
  // Not made before it is needed: `create` writes its lines without process.stdout (see
  // `directStdout`).
  const stdout = () => options.stdout ?? process.stdout;
  if (flags[0] === 'add') {
    const { add } = await import('./add/add.js');
    return add(argv.slice(1), options, ownVersion());
  }
  if (flags.includes('--help') || flags.includes('-h')) {
    const { helpText, outputColors } = await import('./help-text.js');
    stdout().write(helpText(ownVersion(), outputColors(options.env ?? process.env, stdout())));
    return 0;
  }
  if (flags.includes('--version') || flags.includes('-v')) {
    stdout().write(`${ownVersion()}\n`);
    return 0;
  }
  const { create } = await import('./create.js');
  return create(argv, options, ownVersion());
}
