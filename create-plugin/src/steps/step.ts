import type { CliFlags } from '../cli-options.js';
import type { Answers } from '../create-context.js';
import type { FilePlan } from '../file-plan.js';
import type { StepOutcome as RunnerOutcome, StepFn } from '../step-runner.js';

/** What a step of the scaffolder gives back: answers or a plan to merge, or `stop`. */
export type StepOutcome = RunnerOutcome<Answers, FilePlan>;

/** One step of the scaffolder: a small function that reads the context and returns values. */
export type Step = StepFn<CliFlags, Answers, FilePlan>;
