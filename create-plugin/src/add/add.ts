import type { RunOptions } from '../run-options.js';
import { runSteps, type StepCommand } from '../step-runner.js';
import type { AddAnswers, AddPlan } from './add-context.js';
import { type AddFlags, addHelpText, parseAddFlags } from './add-flags.js';
import { type AddStep, askAnswers, findProject, formatAddPlan, planAddition } from './add-steps.js';

const dryRun: AddStep = async (ctx) => {
  if (!ctx.flags.dryRun || ctx.plan === undefined) return undefined;
  ctx.prompt.note(formatAddPlan(ctx.plan), `Dry run: add ${ctx.answers.generator}`);
  ctx.prompt.outro('Dry run: nothing was written.');
  return 'stop';
};

const apply: AddStep = async (ctx) => {
  const plan = ctx.plan;
  const { generator, id, projectDir } = ctx.answers;
  if (plan === undefined || projectDir === undefined) return;
  const what = `${generator} ${id}`;
  // node-plop and the validator load only now: usage errors and dry runs do not pay for them.
  const { applyAddition } = await import('./apply-addition.js');
  const result = await ctx.prompt.task(
    `Adding ${what}`,
    () =>
      applyAddition(plan, what, {
        projectDir,
        templatesDir: ctx.templatesDir,
        undo: ctx.undo,
        testHook:
          ctx.env.CREATE_STACK_PLUGIN_TEST_HOOK === 'pause-mid-add' ? 'pause-mid-add' : undefined,
      }),
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

const ADD: StepCommand<AddFlags, AddAnswers, AddPlan> = {
  parse: parseAddFlags,
  answerNow: (flags, version) => (flags.help ? addHelpText(version) : undefined),
  steps: ADD_STEPS,
};

/**
 * `create-stack-plugin add <generator>`: add a command, step, transformer, skill or test to
 * the plugin project in the current folder (or `--dir`). `argv` comes without `add`.
 */
export function add(
  argv: readonly string[],
  options: RunOptions,
  version: string,
): Promise<number> {
  return runSteps(argv, options, version, ADD);
}
