import type { Writable } from 'node:stream';
import { isStackPluginError, toErrorJson } from '@stack-plugin/pdk/errors';
import type { Prompt } from './prompt.js';
import { createClackPrompt, createPlainPrompt } from './prompt-adapter.js';
import {
  noPromptReason,
  type Output,
  type RunOptions,
  resolveRunIo,
  templatesRoot,
} from './run-options.js';
import { UndoLog } from './undo-log.js';

/** The environment variables of a run. */
type RunEnv = Readonly<Record<string, string | undefined>>;

/** What every step of `create` and `add` sees; `F` are the flags, `A` the answers, `P` the plan. */
export interface StepContext<F, A, P> {
  readonly cwd: string;
  readonly env: RunEnv;
  readonly flags: F;
  readonly prompt: Prompt;
  /** Version of create-stack-plugin. */
  readonly version: string;
  /** Root of the @stack-plugin/templates package. */
  readonly templatesDir: string;
  /** Why questions cannot be asked (`no TTY`, `CI is set`), when they cannot. */
  readonly noPromptReason: string | undefined;
  /** Flags that would have answered the questions that got no answer. */
  readonly missing: string[];
  /**
   * How to take back the change under way. The runner runs it when a step fails or a signal
   * arrives; a step commits it once its change is meant to stay.
   */
  readonly undo: UndoLog;
  /** Aborted on SIGINT or SIGTERM: stops the programs steps started. */
  readonly signal: AbortSignal;
  /**
   * What an interruption right now would leave on disk and how to go on from there; unset
   * while nothing has been written.
   */
  leftBehind?: string;
  answers: Partial<A>;
  plan?: P;
}

/** What a step gives back: answers (and a plan) to merge into the context, or `stop`. */
export type StepOutcome<A, P> = (Partial<A> & { readonly plan?: P }) | 'stop' | undefined;

/** One step: a small function that reads the context and returns what it adds. */
export type StepFn<F, A, P> = (
  ctx: StepContext<F, A, P>,
  // biome-ignore lint/suspicious/noConfusingVoidType: steps that only act (write, install) return nothing.
) => Promise<StepOutcome<A, P> | void>;

/** A command made of steps: how to read its flags, and what to print instead of running. */
export interface StepCommand<F extends { readonly yes: boolean }, A, P> {
  readonly parse: (argv: readonly string[]) => F;
  /** Text that answers the command on its own (`--help`), or `undefined` to run the steps. */
  readonly answerNow: (
    flags: F,
    version: string,
    io: { readonly env: RunEnv; readonly stdout: Output },
  ) => string | undefined;
  readonly steps: readonly StepFn<F, A, P>[];
}

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Print `error` with its hint and give its exit status, which its catalog entry sets
 * (`scaffoldErrors`: usage problems 2, a cancel 130); 1 for anything else.
 */
export function reportFailure(error: unknown, stderr: Writable): number {
  const { error: json } = toErrorJson(error);
  stderr.write(`\n✖ ${json.message}\n  ${json.hint}\n`);
  return isStackPluginError(error) && Number.isInteger(error.exitCode) ? error.exitCode : 1;
}

/**
 * Run a step command: parse `argv`, answer `--help` and the like, else run the steps in order,
 * merging what each returns into the context. Resolves with the exit status. A failing step
 * undoes the change under way; SIGINT or SIGTERM at any point stops child programs, undoes it
 * too, says what was left and how to go on, and exits (130 or 143): the only place the
 * scaffolder calls `process.exit`.
 */
export async function runSteps<F extends { readonly yes: boolean }, A, P>(
  argv: readonly string[],
  options: RunOptions,
  version: string,
  command: StepCommand<F, A, P>,
): Promise<number> {
  const io = resolveRunIo(options);
  const { stdout, env } = io;
  let flags: F;
  try {
    flags = command.parse(argv);
  } catch (error) {
    return reportFailure(error, io.stderr);
  }
  const answer = command.answerNow(flags, version, { env, stdout });
  if (answer !== undefined) {
    stdout.write(answer);
    return 0;
  }
  const abort = new AbortController();
  const undo = new UndoLog();
  // `leftBehind` as the steps set it; none has run before the context exists.
  let ctx: StepContext<F, A, P> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    abort.abort();
    undo.run();
    io.stderr.write(`\nInterrupted (${signal}). ${ctx?.leftBehind ?? 'Nothing was written.'}\n`);
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const reason = noPromptReason(
    env,
    {
      get isTTY() {
        return io.stdin.isTTY;
      },
    },
    stdout,
  );
  try {
    ctx = {
      cwd: options.cwd ?? process.cwd(),
      env,
      flags,
      prompt:
        options.prompt ??
        (reason === undefined && !flags.yes
          ? await createClackPrompt({ input: io.stdin, output: io.stdoutStream })
          : createPlainPrompt(stdout)),
      version,
      templatesDir: options.templatesDir ?? templatesRoot(),
      noPromptReason: reason,
      missing: [],
      undo,
      signal: abort.signal,
      answers: {},
    };
    for (const step of command.steps) {
      const outcome = await step(ctx);
      if (outcome === 'stop') break;
      if (outcome) {
        const { plan, ...answers } = outcome;
        if (plan !== undefined) ctx.plan = plan;
        Object.assign(ctx.answers, answers);
      }
    }
    return 0;
  } catch (error) {
    undo.run();
    return reportFailure(error, io.stderr);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
