import {
  type Colors,
  createColors,
  formatOptionHelp,
  shouldUseColor,
} from '@stack-plugin/pdk/cli-kit';
import { CREATE_OPTIONS } from './create-options.js';

/**
 * The `--help` text, generated from {@link CREATE_OPTIONS} (the table the parser reads): every
 * question the scaffolder asks is listed with its flag.
 */
export function helpText(version: string, c: Colors = createColors(false)): string {
  return [
    `${c.bold('create-stack-plugin')} ${version}: create a Stack plugin project\n`,
    `\n${c.bold('Usage:')}\n`,
    '  npm create stack-plugin [dir] -- [flags]\n',
    '  create-stack-plugin [dir] [flags]\n',
    '  create-stack-plugin add <command|step|transformer|skill|test> [flags]   (see add --help)\n',
    '\nEvery question is also a flag. Without a terminal (pipes, CI) nothing is asked: pass the\n',
    'answers as flags, or --yes to take the defaults for the rest.\n',
    formatOptionHelp(CREATE_OPTIONS, c, {
      Answers: [['[dir]', 'Folder to create, relative to here (default: stack-plugin)']],
    }),
    `\n${c.bold('Examples:')}\n`,
    '  npm create stack-plugin my-plugin -- --template micro --yes\n',
    '  npm create stack-plugin my-plugin -- -t integration --features ci,changesets --no-install --yes\n',
  ].join('');
}

/**
 * The colors of the scaffolder's own output, decided as `stack-plugin` decides them: never
 * with `NO_COLOR` or `FORCE_COLOR=0`, always with another `FORCE_COLOR`, else on a terminal.
 */
export function outputColors(
  env: Readonly<Record<string, string | undefined>>,
  stream: { readonly isTTY?: boolean },
): Colors {
  return createColors(shouldUseColor(env, stream.isTTY === true));
}
