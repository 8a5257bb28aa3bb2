import type { FeatureSet, TemplateName } from './choices.js';
import type { CliFlags } from './cli-options.js';
import type { FilePlan } from './file-plan.js';
import type { PackageManager } from './package-manager.js';
import type { Prompt } from './prompt.js';

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
export interface CreateContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags: CliFlags;
  readonly prompt: Prompt;
  /** Version of create-stack-plugin. */
  readonly version: string;
  /** Root of the @stack-plugin/templates package. */
  readonly templatesDir: string;
  /** Why questions cannot be asked (`no TTY`, `CI is set`), when they cannot. */
  readonly noPromptReason: string | undefined;
  /** Flags that would have answered the questions that got no answer. */
  readonly missing: string[];
  answers: Partial<Answers>;
  plan?: FilePlan;
}

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
