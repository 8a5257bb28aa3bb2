import { isStackPluginError, toErrorJson } from '@stack-plugin/pdk/errors';
import { resolveRunIo } from '../_run-io.js';
import { noPromptReason, templatesRoot } from '../create.js';
import type { RunOptions } from '../main.js';
import { createClackPrompt, createPlainPrompt } from '../prompt-adapter.js';
import type { AddContext } from './add-context.js';
import { type AddFlags, addHelpText, parseAddFlags } from './add-flags.js';
import { type AddStep, askAnswers, findProject, formatAddPlan, planAddition } from './add-steps.js';

/** Exit status per error code, as for creation: usage problems 2, everything else 1. */
const EXIT_CODES: Readonly<Record<string, number>> = {
  SCAFFOLD_ANSWERS_MISSING: 2,
  SCAFFOLD_BAD_USAGE: 2,
  SCAFFOLD_NOT_A_PLUGIN: 2,
  SCAFFOLD_CANCELLED: 130,
};

const dryRun: AddStep = async (ctx) => {
  if (!ctx.flags.dryRun || ctx.plan === undefined) return undefined;
  ctx.prompt.note(formatAddPlan(ctx.plan), `Dry run: add ${ctx.answers.generator}`);
  ctx.prompt.outro('Dry run: nothing was written.');
  return 'stop';
};

const apply: AddStep = async (ctx) => {
  const plan = ctx.plan;
  const { generator, id } = ctx.answers;
  if (plan === undefined) return;
  const what = `${generator} ${id}`;
  // node-plop and the validator load only now: usage errors and dry runs do not pay for them.
  const { applyAddition } = await import('./apply-addition.js');
  const result = await ctx.prompt.task(
    `Adding ${what}`,
    () =>
      applyAddition(
        ctx.projectDir,
        plan,
        what,
        ctx.env.CREATE_STACK_PLUGIN_TEST_HOOK === 'pause-mid-add' ? 'pause-mid-add' : undefined,
      ),
    () => `Added ${what}: ${plan.files.map((f) => f.path).join(', ')}`,
  );
  if (result.preexisting.length > 0) {
    const codes = [...new Set(result.preexisting.map((i) => i.code))].join(', ');
    ctx.prompt.info(`Validation: nothing new; already reported before: ${codes}`);
  } else ctx.prompt.info('Validation: ok');
  if (result.typegen === 'unavailable') {
    ctx.prompt.warn('@stack-plugin/cli is not installed here: run `stack-plugin typegen`.');
  }
  if (plan.manualRegistration !== undefined) {
    ctx.prompt.warn(
      `src/index.ts has no activate(ctx) to register in; add: ${plan.manualRegistration}`,
    );
  }
  ctx.prompt.outro(`Done. Edit ${plan.files[0]?.path}, then run the tests.`);
};

/** The steps of `add`, in order. Nothing touches the disk before `apply`. */
export const ADD_STEPS: readonly AddStep[] = [findProject, askAnswers, planAddition, dryRun, apply];

/**
 * `create-stack-plugin add <generator>`: add a command, step, transformer, skill or test to
 * the plugin project in the current folder (or `--dir`). `argv` comes without `add`.
 */
export async function add(
  argv: readonly string[],
  options: RunOptions,
  version: string,
): Promise<number> {
  const { stdin, stdout, stderr, env } = resolveRunIo(options);
  const fail = (error: unknown) => {
    const { error: json } = toErrorJson(error);
    stderr.write(`\n✖ ${json.message}\n  ${json.hint}\n`);
    return isStackPluginError(error) ? (EXIT_CODES[error.code] ?? 1) : 1;
  };
  let flags: AddFlags;
  try {
    flags = parseAddFlags(argv);
  } catch (error) {
    return fail(error);
  }
  if (flags.help) {
    stdout.write(addHelpText(version));
    return 0;
  }
  const reason = noPromptReason(env, stdin, stdout);
  const ctx: AddContext = {
    cwd: options.cwd ?? process.cwd(),
    env,
    flags,
    prompt:
      options.prompt ??
      (reason === undefined && !flags.yes
        ? await createClackPrompt({ input: stdin, output: stdout })
        : createPlainPrompt(stdout)),
    version,
    templatesDir: templatesRoot(),
    noPromptReason: reason,
    missing: [],
    projectDir: '',
    answers: {},
  };
  try {
    for (const step of ADD_STEPS) {
      const outcome = await step(ctx);
      if (outcome === 'stop') return 0;
      if (outcome) Object.assign(ctx, outcome);
    }
    return 0;
  } catch (error) {
    return fail(error);
  }
}
