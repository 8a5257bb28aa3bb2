import { defineErrors } from '@stack-plugin/pdk/errors';

/**
 * The error codes of `create-stack-plugin` (create and add). Each entry carries the exit status
 * the step runner gives: usage problems are 2, a cancel 130, everything else 1. Codes are
 * permanent; keep them sorted.
 */
export const scaffoldErrors = defineErrors({
  SCAFFOLD_ADD_REJECTED: {
    title: 'Addition to a plugin project rolled back',
    message: (a: { what: string; dir: string; detail: string }) =>
      `Adding ${a.what} to ${a.dir} was rolled back: ${a.detail}.`,
    hint: 'Every file is as it was before. Fix what is named (an id such as "greet.hello": a letter first, then letters, digits and single ".", "-" or "_"), then run the command again.',
  },
  SCAFFOLD_ANSWERS_MISSING: {
    title: 'Scaffolder answers missing without a terminal',
    message: (a: { reason: string; flags: readonly string[]; example?: string }) =>
      `create-stack-plugin cannot ask questions here (${a.reason}) and these answers were not given as flags: ${a.flags.join(', ')}.`,
    hint: (a) =>
      `Pass those flags, or add --yes to take the defaults for the rest, e.g. \`${a.example ?? 'npm create stack-plugin my-plugin -- --template micro --yes'}\`.`,
    exitCode: 2,
  },
  SCAFFOLD_BAD_USAGE: {
    title: 'Bad scaffolder usage',
    message: (a: { detail: string; command?: string }) => `${a.detail}.`,
    hint: 'Run `npm create stack-plugin -- --help` to see every flag and its accepted values.',
    exitCode: 2,
  },
  SCAFFOLD_CANCELLED: {
    title: 'Scaffolding cancelled',
    message: () => 'Scaffolding was cancelled before the project was written.',
    hint: 'Nothing was written; run the command again when ready.',
    exitCode: 130,
  },
  SCAFFOLD_FILE_CONFLICT: {
    title: 'Scaffolder would overwrite files',
    message: (a: { dir: string; files: string }) =>
      `${a.dir} already holds files the template would write (${a.files}), and existing files are never overwritten.`,
    hint: 'Nothing was written. Move or rename those files, or choose another folder; --force only adds files next to yours.',
  },
  SCAFFOLD_NAME_INVALID: {
    title: 'Invalid package name',
    message: (a: { name: string; detail: string; suggestion?: string }) =>
      `"${a.name}" cannot be used as a package name: ${a.detail}.`,
    hint: (a) =>
      a.suggestion === undefined
        ? 'Use lowercase letters, digits and dashes, optionally scoped (@scope/name); pass it with --name.'
        : `Use a lowercase, URL-safe name such as "${a.suggestion}"; pass it with --name.`,
    exitCode: 2,
  },
  SCAFFOLD_NODE_UNSUPPORTED: {
    title: 'Node.js too old for the scaffolder',
    message: (a: { version: string; range: string }) =>
      `Node.js ${a.version} is too old: Stack plugins need Node.js ${a.range}.`,
    hint: 'Install Node.js 22.12 or later (for example `nvm install 22`), then run the command again.',
  },
  SCAFFOLD_NOT_A_PLUGIN: {
    title: 'Not a Stack plugin project',
    message: (a: { dir: string; detail: string }) =>
      `${a.dir} is not a Stack plugin project: ${a.detail}.`,
    hint: 'Run `create-stack-plugin add` in the folder that holds stack-plugin.json and package.json (or pass --dir <folder>).',
    exitCode: 2,
  },
  SCAFFOLD_PATH_UNSAFE: {
    title: 'Unsafe project folder',
    message: (a: { dir: string; detail: string }) =>
      `"${a.dir}" cannot be used as the project folder: ${a.detail}.`,
    hint: 'Pass a folder such as my-plugin, ../plugins/my-plugin or an absolute path, with portable names and no symbolic links on the way.',
    exitCode: 2,
  },
  SCAFFOLD_STEP_FAILED: {
    title: 'Scaffolder follow-up step failed',
    message: (a: { dir: string; step: string; detail: string; command: string }) =>
      `The project in ${a.dir} is complete, but ${a.step} failed: ${a.detail}.`,
    hint: (a) =>
      `Run \`${a.command}\` inside ${a.dir} yourself; the generated files are unaffected.`,
  },
  SCAFFOLD_TARGET_NOT_EMPTY: {
    title: 'Project folder is not empty',
    message: (a: { dir: string; entries: string }) =>
      `${a.dir} is not empty: it holds ${a.entries}.`,
    hint: 'Choose another folder or empty this one; --force adds the project next to the existing files but never overwrites any.',
  },
  SCAFFOLD_WRITE_FAILED: {
    title: 'Project could not be written',
    message: (a: { dir: string; detail: string }) =>
      `The project could not be written to ${a.dir}: ${a.detail}.`,
    hint: 'Nothing was left behind. Check that the parent folder is writable and the disk has space, then run the command again.',
  },
});
