import type { ExecService, ExecServiceOptions } from '@stack-plugin/host';
import { createError, type ExecResult } from '@stack-plugin/pdk';
import { harnessErrors } from '../harness-errors.js';
import { type ServiceCall, SpyLog, type SpySequence } from './spy-log.js';

/** What a fake program answers: its stdout, or any part of a result (exit code 0 by default). */
export type ExecFakeResult = string | Partial<ExecResult>;

/** A fake program: a fixed answer, or a function of its arguments and options. */
export type ExecFake =
  | ExecFakeResult
  | ((
      args: readonly string[],
      options: { readonly cwd: string; readonly input: string | undefined },
    ) => ExecFakeResult | Promise<ExecFakeResult>);

/** One program run that reached the service. */
export interface ExecRun {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly input: string | undefined;
  /** The result, when a fake answered. */
  readonly result: ExecResult | undefined;
}

/** Options of {@link createMemoryExec}. */
export interface MemoryExecOptions {
  /** Command name (as the plugin passes it) -> fake. */
  readonly fakes?: Readonly<Record<string, ExecFake>>;
  /** Shares `seq` numbering with the other services of one test host. */
  readonly sequence?: SpySequence;
}

/** The exec service of a test host: fakes per command, with its spy record. */
export interface MemoryExec extends ExecService {
  readonly calls: readonly ServiceCall[];
  /** Every run that reached the service, faked or not. */
  readonly runs: readonly ExecRun[];
  /** Runs of commands that have no fake. */
  readonly unmatched: readonly ExecRun[];
  /** Adds or replaces fakes. */
  fake(fakes: Readonly<Record<string, ExecFake>>): void;
  /** Forgets the recorded runs (the fakes stay). */
  clearCalls(): void;
}

/**
 * Programs as fakes implementing the host's `ExecService`: nothing is spawned. A command with
 * no fake fails with TEST_EXEC_NOT_FAKED and is kept in `unmatched`, which the test host
 * reports as a test failure.
 *
 * @example
 * ```ts
 * import { createMemoryExec } from '@stack-plugin/test-harness';
 *
 * const exec = createMemoryExec({
 *   fakes: {
 *     git: (args) => (args[0] === 'rev-parse' ? 'main\n' : { exitCode: 1, stderr: 'no' }),
 *   },
 * });
 * ```
 */
export function createMemoryExec(options: MemoryExecOptions = {}): MemoryExec {
  const log = new SpyLog(options.sequence);
  const fakes = new Map(Object.entries(options.fakes ?? {}));
  const runs: ExecRun[] = [];

  const run = async (
    command: string,
    args: readonly string[],
    runOptions: ExecServiceOptions,
  ): Promise<ExecResult> => {
    runOptions.signal?.throwIfAborted();
    const base = { command, args: [...args], cwd: runOptions.cwd, input: runOptions.input };
    const fake = fakes.get(command);
    if (fake === undefined) {
      runs.push({ ...base, result: undefined });
      throw createError(harnessErrors.TEST_EXEC_NOT_FAKED, { command });
    }
    const answer =
      typeof fake === 'function'
        ? await fake(base.args, { cwd: base.cwd, input: base.input })
        : fake;
    const result: ExecResult =
      typeof answer === 'string'
        ? { exitCode: 0, stdout: answer, stderr: '' }
        : {
            exitCode: answer.exitCode ?? 0,
            stdout: answer.stdout ?? '',
            stderr: answer.stderr ?? '',
          };
    runs.push({ ...base, result });
    return result;
  };

  return Object.defineProperties(
    {
      run: (command: string, args: readonly string[], runOptions: ExecServiceOptions) =>
        log.track(
          'run',
          [command, [...args], { cwd: runOptions.cwd, input: runOptions.input }],
          () => run(command, args, runOptions),
        ),
      fake(more: Readonly<Record<string, ExecFake>>) {
        for (const [command, fake] of Object.entries(more)) fakes.set(command, fake);
      },
      clearCalls() {
        log.clear();
        runs.length = 0;
      },
    },
    {
      calls: { get: () => log.calls, enumerable: true },
      runs: { get: () => runs, enumerable: true },
      unmatched: { get: () => runs.filter((r) => r.result === undefined), enumerable: true },
    },
  ) as MemoryExec;
}
