import { defineCommand } from '../command.js';

/**
 * `stack-plugin dev`: the author's loop. Builds the plugin, runs it in a real host, rebuilds and
 * hot-swaps it on every save, and takes commands at a prompt.
 */
export default defineCommand({
  name: 'dev',
  summary: 'Run the plugin in a dev host: rebuild and hot-swap on save, commands at a prompt',
  usage:
    'stack-plugin dev [dir] [--config FILE] [--plugin-config JSON] [--workspace DIR] [--isolation none|limited|strict] [--console]',
  description: [
    'Builds the plugin, loads it into a real host (its declared isolation, or more with',
    '--isolation) running in a scratch workspace folder, and watches its sources and',
    'stack-plugin.json: every save rebuilds it and swaps the new code in while the host runs.',
    'Calls already running finish on the old code, new calls reach the new code, so none is',
    'lost; a failed build or activation keeps the previous code serving.',
    '',
    'Logs, events, permission denials and audit lines are printed as they happen (stderr).',
    'At the prompt (a terminal or piped standard input): "run <commandId> [JSON]",',
    '"workflow <id> [JSON]", "invoke <kind> <id> [JSON]", "status", "reload", "help", "quit".',
    '',
    "The plugin's config comes from a dev stack.config.json (--config, default the project's",
    'own stack.config.json if it has one: the entry whose "path" is the plugin gives its',
    'config, other entries load beside it), then --plugin-config on top. Secrets come from',
    'STACK_SECRET_<NAME> environment variables, as in any host.',
    '',
    '--console also serves the web console of "stack-plugin console" over the dev host (on',
    '127.0.0.1, a free port, with a new token: open the URL it prints). Its enable and disable',
    'buttons act on the dev host only; no config file is written.',
  ].join('\n'),
  examples: [
    'stack-plugin dev',
    'stack-plugin dev --plugin-config \'{"retries":0}\' --isolation strict',
    'stack-plugin dev --config examples/stack.config.json --workspace ./scratch',
    'printf \'run items.get {"id":"1"}\\nquit\\n\' | stack-plugin dev',
    'stack-plugin dev --console',
  ],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'A dev host config (stack.config.json)',
    },
    'plugin-config': {
      type: 'string',
      valueName: 'JSON',
      description: "The plugin's config, over the config file's",
    },
    workspace: {
      type: 'string',
      valueName: 'DIR',
      description: 'The host workspace folder (default: a new temp folder)',
    },
    isolation: {
      type: 'string',
      valueName: 'LEVEL',
      description: 'Raise the plugin to at least none, limited or strict',
    },
    console: {
      type: 'boolean',
      description: 'Also serve the web console over the dev host (prints its URL)',
    },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { createError } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const badUsage = (detail: string) =>
      createError(cliErrors.BAD_USAGE, { detail, command: 'dev' });
    const { isolationOption } = await import('./_isolation-option.js');
    const isolation = await isolationOption(values.isolation, 'dev');
    let pluginConfig: Record<string, unknown> | undefined;
    if (values['plugin-config'] !== undefined) {
      try {
        pluginConfig = JSON.parse(values['plugin-config']) as Record<string, unknown>;
      } catch (error) {
        throw badUsage(`--plugin-config is not valid JSON (${(error as Error).message})`);
      }
      if (
        typeof pluginConfig !== 'object' ||
        pluginConfig === null ||
        Array.isArray(pluginConfig)
      ) {
        throw badUsage('--plugin-config must be a JSON object');
      }
    }
    const { resolve } = await import('node:path');
    const { startDevSession } = await import('../dev/dev-session.js');
    const session = await startDevSession({
      dir: resolve(io.cwd, positionals[0] ?? '.'),
      ...(values.config === undefined ? {} : { configFile: resolve(io.cwd, values.config) }),
      ...(values.workspace === undefined ? {} : { workspace: resolve(io.cwd, values.workspace) }),
      ...(pluginConfig === undefined ? {} : { pluginConfig }),
      ...(isolation === undefined ? {} : { isolation }),
      env: io.env,
      out: io.stdout,
      err: io.stderr,
      color: io.color,
    });
    // One line at a time, from a terminal or a pipe; Ctrl-C, Ctrl-D or "quit" end the session,
    // and the host stops whatever happened at the prompt.
    const { runDevPrompt } = await import('../dev/dev-repl.js');
    try {
      let consoleServer: { url: string; close(): Promise<void> } | undefined;
      try {
        if (values.console === true) {
          const { startConsoleServer } = await import('@stack-plugin/host/console');
          consoleServer = await startConsoleServer(session.host);
          io.stdout(`Console: ${consoleServer.url}\n`);
        }
        await runDevPrompt(session, process.stdin, process.stdout, process.stdin.isTTY === true);
      } finally {
        await consoleServer?.close();
      }
    } finally {
      await session.stop();
    }
    io.stdout('Dev host stopped.\n');
    return 0;
  },
});
