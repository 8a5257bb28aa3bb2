import { CALL_HOST_OPTIONS } from '../_call-host-options.js';
import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/**
 * `stack-plugin console`: the operations console (`@stack-plugin/host/console`) over a host
 * started from stack.config.json, as `run` and `mcp` start theirs; its enable and disable
 * buttons also write the config through the code of `stack-plugin enable` / `disable`.
 */
export default defineCommand({
  name: 'console',
  summary: 'Serve the web console of a host on loopback: plugins, graph, metrics, audit',
  usage: 'stack-plugin console [--config FILE] [--isolation LEVEL] [--port N]',
  description: [
    'Starts a host from stack.config.json (or --config) in the current folder, as',
    '"stack-plugin run" does, and serves a web page over it on 127.0.0.1 only, with a new',
    'random token: open the URL it prints (http://127.0.0.1:<port>/?token=...). The page',
    'lists the plugins with state, isolation and permissions (with risk), draws the',
    'dependency graph, charts calls, errors and latency percentiles (p50/p95/p99) live, shows',
    'the capability audit with filters (plugin, denied only, since), and has enable, disable',
    'and reload buttons. Enable and disable also write "enabled" in the config file the way',
    '"stack-plugin enable" and "disable" do, so the change outlasts this host.',
    '',
    'Every request needs the token (the page keeps it in a cookie; scripts send the',
    'x-stack-console-token header); requests from other machines, with a foreign Host header',
    '(DNS rebinding) or from pages of other origins are refused. The Prometheus text of the',
    'metrics is at /metrics. Ctrl-C stops the server and the host. With --json the URL is',
    'printed as { "url" } (one line) once the server listens.',
    '"stack-plugin dev --console" serves the same page over the dev host.',
    '',
    'Exit status: 0 after Ctrl-C, 1 when the host or the server cannot start (an invalid',
    'config, CONSOLE_LISTEN_FAILED for a taken port), 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin console',
    'stack-plugin console --port 7070 --config ci/stack.config.json',
  ],
  options: {
    ...CALL_HOST_OPTIONS,
    port: {
      type: 'string',
      valueName: 'N',
      description: 'TCP port on 127.0.0.1 (default 0: any free port)',
    },
  },
  async run({ values, io }) {
    const { portOption } = await import('./_port-option.js');
    const port = await portOption(values.port, 'console');
    const { resolve } = await import('node:path');
    const { watchShutdown } = await import('../mcp/_shutdown.js');
    const { createCallHost } = await import('./_call-host.js');
    const host = await createCallHost(io, {
      command: 'console',
      config: values.config,
      isolation: values.isolation,
      logs: true,
    });
    // Watched from before the host starts, so that Ctrl-C always ends with the plugins stopped.
    const shutdown = watchShutdown();
    try {
      const { startForCall } = await import('./_start-for-call.js');
      const { warnings } = await startForCall(host, () => false);
      for (const w of warnings) {
        io.stderr(`[warn] ${printable(w.plugin ?? 'host')}: ${printable(w.message)}\n`);
      }
      if (shutdown.isRequested) return 0;
      const { hostProject } = await import('./_host-project.js');
      const { formatToggle, togglePlugin } = await import('./_toggle-plugin.js');
      const project = hostProject(
        io.cwd,
        values.config === undefined ? undefined : resolve(io.cwd, values.config),
      );
      const { startConsoleServer } = await import('@stack-plugin/host/console');
      const server = await startConsoleServer(host, {
        port,
        // The page's enable and disable: the config edit of `stack-plugin enable|disable`.
        async persist(name, enabled) {
          io.stderr(formatToggle(await togglePlugin(project, name, enabled)));
        },
      });
      try {
        io.stdout(
          io.json
            ? `${JSON.stringify({ url: server.url })}\n`
            : `Console: ${server.url}\nCtrl-C stops the console and the host.\n`,
        );
        await shutdown.requested;
      } finally {
        await server.close();
      }
      if (!io.json) io.stdout('Console stopped.\n');
      return 0;
    } finally {
      shutdown.dispose();
      await host.stop();
    }
  },
});
