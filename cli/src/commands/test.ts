import { defineCommand } from '../command.js';

/** `stack-plugin test [--dir DIR] [--watch] [-- vitest args]`: runs a plugin's tests with the harness. */
export default defineCommand({
  name: 'test',
  summary: "Run a plugin's tests with vitest and the Stack test harness",
  usage: 'stack-plugin test [--dir DIR] [--watch] [-- vitest args]',
  description: [
    'Runs vitest in the plugin project (the folder with stack-plugin.json), with the harness',
    'matchers registered. A project without a vitest config gets one that includes',
    'test/**/*.{test,spec}.ts and src/**/*.{test,spec}.ts and loads the harness matchers;',
    'a project with its own vitest.config/vite.config keeps it, with the matchers added to',
    'test.setupFiles when it does not list them. Everything after "--" goes to vitest',
    "(a file filter, -t, --coverage, --reporter ...). Exits with vitest's exit code.",
  ].join('\n'),
  examples: [
    'stack-plugin test',
    'stack-plugin test -- test/security.test.ts',
    'stack-plugin test --watch',
    'stack-plugin test -- --coverage --reporter=dot',
  ],
  options: {
    dir: {
      type: 'string',
      valueName: 'DIR',
      description: 'The plugin project (default: the current folder)',
    },
    watch: { type: 'boolean', description: 'Re-run tests on changes instead of running once' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, names: ['vitest args'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { prepareTestRun } = await import('./_test-run.js');
    const dir = resolve(io.cwd, values.dir ?? '.');
    const run = await prepareTestRun(dir);
    try {
      const args = [run.vitestBin, values.watch === true ? 'watch' : 'run', '--root', dir];
      if (run.configFile !== undefined) args.push('--config', run.configFile);
      return await run.spawn(args.concat(positionals), io);
    } finally {
      await run.dispose();
    }
  },
});
