import type { CommandTable } from '../command.js';

/**
 * Every `stack-plugin` command, name -> lazy loader, one line each. A command module is only
 * imported when its command runs (or for `--help`), so adding commands does not slow start-up.
 */
export const commands = {
  'api-report': () => import('./api-report.js'),
  docs: () => import('./docs.js'),
  keygen: () => import('./keygen.js'),
  pack: () => import('./pack.js'),
  run: () => import('./run.js'),
  sign: () => import('./sign.js'),
  test: () => import('./test.js'),
  typegen: () => import('./typegen.js'),
  validate: () => import('./validate.js'),
  verify: () => import('./verify.js'),
} satisfies CommandTable;
