import type { LogRecord } from '@stack-plugin/host';
import { CALL_HOST_OPTIONS } from '../_call-host-options.js';
import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/**
 * `stack-plugin run <ref>`: the host as a command. Loads and enables the plugins of the host
 * config, runs one contribution (a command id, or `<kind>:<id>` for any callable kind), prints
 * its result as JSON on stdout.
 */
export default defineCommand({
  name: 'run',
  summary:
    'Run a contributed command, skill, transformer, ... (or workflow) in a host built from stack.config.json',
  usage:
    'stack-plugin run <commandId|kind:id> [JSON | --input JSON] [--config FILE] [--json] [--isolation none|limited|strict] [--workflow [--dry-run]]',
  description: [
    'Starts a host in the current folder (the workspace root), loads and enables the plugins',
    'listed in stack.config.json (or --config), or, in a plugin folder without one, that plugin',
    '(built: `stack-plugin build` first), runs the contribution with the given input and',
    'prints its result as JSON on stdout: a command by its id, any other callable kind as',
    '<kind>:<id> (skills:summarize, transformers:upper, validators:..., steps:...), as a',
    "workflow's uses names it. The input and the result are validated against the",
    "contribution's schemas in its plugin's manifest. Exit status: 0 on success, 1 on a plugin or",
    'host error (with --json: { "error": { code, message, hint, plugin? } } on stderr), 2 on',
    'bad usage. Only the plugin serving the call (and so what it requires) must start: other',
    'configured plugins that fail to start are reported as warnings ("[warn]" lines on stderr;',
    'with --json, { "warnings": [ ... ] } on stderr, or beside "error" when the call fails).',
    '',
    'The input is the JSON after the id, or --input JSON (not both); --input - reads it from',
    'standard input. --isolation raises the isolation of',
    'every plugin to at least that level; it never lowers what a manifest asks for.',
    'Plugin logs (info and above) go to stderr, except with --json.',
    '',
    '--workflow treats the id as a workflow (contributed by a plugin or defined in the host',
    'config) and prints its result: { status, steps: { <id>: { status, output?, error?,',
    'attempts } } }; the exit status is 1 unless the workflow succeeded. With --dry-run it',
    'prints the step graph instead (stages, uses, needs, optional, retries with their backoff),',
    'loading the plugins without activating them, and runs nothing.',
  ].join('\n'),
  examples: [
    'stack-plugin run notes.create \'{"title":"hello"}\'',
    'stack-plugin run report.build --config ci/stack.config.json --json',
    'stack-plugin run skills:summarize --input \'{"text":"..."}\'',
    'echo \'{"n":1}\' | stack-plugin run math.double --input - --isolation strict',
    'stack-plugin run release --workflow --input \'{"commits":["feat: x"]}\'',
    'stack-plugin run release --workflow --dry-run',
  ],
  options: {
    input: { type: 'string', valueName: 'JSON', description: 'Command input as JSON ("-": stdin)' },
    ...CALL_HOST_OPTIONS,
    workflow: {
      type: 'boolean',
      description: 'Run the workflow with this id instead of a command',
    },
    'dry-run': {
      type: 'boolean',
      description: 'With --workflow: print the step graph, run nothing',
    },
  },
  positionals: { min: 1, max: 2, names: ['commandId', 'input'] },
  async run({ values, positionals, io }) {
    // pdk loads here, not at module level: `--help` loads no command's dependencies.
    const { createError, pdkErrors } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const badUsage = (detail: string) =>
      createError(cliErrors.BAD_USAGE, { detail, command: 'run' });
    // Checked before the input is read: a bad level is the first thing to say.
    const { isolationOption } = await import('./_isolation-option.js');
    await isolationOption(values.isolation, 'run');
    // The input as a second argument reads as authors type it (`run greet '{"name":"x"}'`);
    // --input stays for stdin ("-") and scripts that name it.
    const inline = positionals[1];
    if (inline !== undefined && values.input !== undefined) {
      throw badUsage('give the input once: after the id or with --input, not both');
    }
    let input: unknown;
    if (inline !== undefined || values.input !== undefined) {
      const text = values.input === '-' ? await io.readStdin() : (inline ?? values.input ?? '');
      try {
        input = JSON.parse(text);
      } catch (error) {
        const where = inline !== undefined ? 'the input after the id' : '--input';
        throw badUsage(`${where} is not valid JSON (${(error as Error).message})`);
      }
    }
    if (values['dry-run'] === true && values.workflow !== true) {
      throw badUsage('--dry-run goes with --workflow (it prints the step graph of a workflow)');
    }
    if (values['dry-run'] === true) {
      const [{ resolve }, { ownPluginConfig }, { planWorkflow }] = await Promise.all([
        import('node:path'),
        import('./_own-plugin.js'),
        import('./_run-dry.js'),
      ]);
      return planWorkflow({
        id: positionals[0] ?? '',
        root: io.cwd,
        ...(values.config === undefined ? {} : { configFile: resolve(io.cwd, values.config) }),
        ownPlugin: ownPluginConfig(io, values.config),
        io,
      });
    }
    const { createCallHost, printLogRecord } = await import('./_call-host.js');
    // Records of the start are held: when it fails, its error lists every plugin failure with
    // code and hint, so their error lines would only say the same a second time.
    let starting: LogRecord[] | undefined = [];
    const print = (record: LogRecord) => printLogRecord(io, record);
    const host = await createCallHost(io, {
      command: 'run',
      config: values.config,
      isolation: values.isolation,
      // With --json, stderr carries exactly one JSON error, so logs are dropped there.
      logs: !io.json,
      onLog: (record) => {
        if (starting === undefined) print(record);
        else starting.push(record);
      },
    });
    const id = positionals[0] ?? '';
    const { contributesId, startForCall } = await import('./_start-for-call.js');
    try {
      const held = starting;
      let failed = true;
      let warnings: Awaited<ReturnType<typeof startForCall>>['warnings'];
      try {
        ({ warnings } = await startForCall(host, (contributes) =>
          contributesId(contributes, values.workflow === true ? 'workflows' : 'commands', id),
        ));
        failed = warnings.length > 0;
      } finally {
        starting = undefined;
        // Start failures are reported with their code and hint (as the error or as warnings),
        // so the error lines logged while starting would only say the same a second time.
        for (const record of held) if (!failed || record.level !== 'error') print(record);
      }
      if (!io.json) {
        for (const w of warnings)
          io.stderr(`[warn] ${printable(w.plugin ?? 'host')}: ${printable(w.message)}\n`);
      }
      try {
        if (values.workflow === true) {
          // A workflow's input is an object; none given is the empty one its schema sees.
          const outcome = await host.runWorkflow(id, input ?? {});
          io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
          if (outcome.status !== 'succeeded')
            // The first step error is the run's error, printed like any other (exit 1).
            throw (
              outcome.error ??
              createError(pdkErrors.INTERNAL, {
                detail: `workflow "${id}" ended ${outcome.status}`,
              })
            );
        } else {
          // A command id or <kind>:<id>: the host parses it as a workflow's `uses`.
          const result = await host.call(id, input);
          io.stdout(`${JSON.stringify(result ?? null, null, 2)}\n`);
        }
      } catch (error) {
        if (!io.json || warnings.length === 0) throw error;
        // stderr carries one JSON document: the error with the warnings beside it.
        const { toErrorJson } = await import('@stack-plugin/pdk');
        io.stderr(`${JSON.stringify({ ...toErrorJson(error), warnings }, null, 2)}\n`);
        return 1;
      }
      if (io.json && warnings.length > 0) io.stderr(`${JSON.stringify({ warnings }, null, 2)}\n`);
      return 0;
    } finally {
      await host.stop();
    }
  },
});
