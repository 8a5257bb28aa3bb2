import type { FeatureSet, TemplateName } from './choices.js';
import type { CliFlags } from './cli-options.js';
import type { FilePlan } from './file-plan.js';
import type { PackageManager } from './package-manager.js';
import type { StepContext } from './step-runner.js';

/** Every answer the scaffolder needs before it writes anything. */
export interface Answers {
  /** The folder as the user typed it, relative to `cwd`. */
  readonly dir: string;
  /** Absolute path of the project folder. */
  readonly targetPath: string;
  readonly name: string;
  readonly description: string;
  readonly template: TemplateName;
  readonly features: FeatureSet;
  readonly pm: PackageManager;
  readonly git: boolean;
  readonly install: boolean;
}

/** State shared by the scaffolder's steps. Steps read it and return what they add. */
export type CreateContext = StepContext<CliFlags, Answers, FilePlan>;

/** A question as a step sees it: the flag that answers it, its default, and how to ask. */
export interface Question<T> {
  /** How the user passes the answer, e.g. `--template <name>`. */
  readonly flag: string;
  readonly given: T | undefined;
  readonly fallback: T;
  readonly ask: () => Promise<T>;
}

/**
 * Answer a question: the flag wins, then `--yes` takes the default, then an interactive prompt
 * asks. With no way to ask, the flag is recorded as missing (all missing flags are reported
 * together, later) and the default stands in so the remaining steps can run their checks.
 */
export async function resolveAnswer<T>(
  ctx: Pick<CreateContext, 'prompt' | 'missing'> & { readonly flags: { readonly yes: boolean } },
  question: Question<T>,
): Promise<T> {
  if (question.given !== undefined) return question.given;
  if (ctx.flags.yes) return question.fallback;
  if (ctx.prompt.interactive) return question.ask();
  ctx.missing.push(question.flag);
  return question.fallback;
}
