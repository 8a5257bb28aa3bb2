import type { CommandTable } from '../command.js';

/**
 * Every `stack-plugin` command, name -> lazy loader, one line each. A command module is only
 * imported when its command runs (or for `--help`), so adding commands does not slow start-up.
 */
export const commands: CommandTable = {
  add: () => import('./add.js'),
  'api-report': () => import('./api-report.js'),
  audit: () => import('./audit.js'),
  build: () => import('./build.js'),
  console: () => import('./console.js'),
  dev: () => import('./dev.js'),
  disable: () => import('./disable.js'),
  docs: () => import('./docs.js'),
  enable: () => import('./enable.js'),
  generate: () => import('./generate.js'),
  info: () => import('./info.js'),
  keygen: () => import('./keygen.js'),
  link: () => import('./link.js'),
  list: () => import('./list.js'),
  mcp: () => import('./mcp.js'),
  outdated: () => import('./outdated.js'),
  pack: () => import('./pack.js'),
  policy: () => import('./policy.js'),
  remove: () => import('./remove.js'),
  run: () => import('./run.js'),
  search: () => import('./search.js'),
  sign: () => import('./sign.js'),
  test: () => import('./test.js'),
  typegen: () => import('./typegen.js'),
  update: () => import('./update.js'),
  upgrade: () => import('./upgrade.js'),
  validate: () => import('./validate.js'),
  verify: () => import('./verify.js'),
};
