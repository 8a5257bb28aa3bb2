import type { Answers, CreateContext } from '../create-context.js';
import type { FilePlan } from '../file-plan.js';

/** What a step gives back: answers or a plan to merge into the context, or `stop`. */
export type StepOutcome = (Partial<Answers> & { plan?: FilePlan }) | 'stop' | undefined;

/** One step of the scaffolder: a small function that reads the context and returns values. */
// biome-ignore lint/suspicious/noConfusingVoidType: steps that only act (write, install) are plain `async` functions returning nothing.
export type Step = (ctx: CreateContext) => Promise<StepOutcome | void>;
