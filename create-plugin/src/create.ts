import { type CliFlags, parseCliFlags } from './cli-options.js';
import type { Answers } from './create-context.js';
import type { FilePlan } from './file-plan.js';
import { helpText } from './help-text.js';
import type { RunOptions } from './run-options.js';
import { runSteps, type StepCommand } from './step-runner.js';
import { description } from './steps/description.js';
import { dryRun } from './steps/dry-run.js';
import { features } from './steps/features.js';
import { askGit, askInstall } from './steps/git-and-install.js';
import { initGit } from './steps/init-git.js';
import { installDeps } from './steps/install-deps.js';
import { intro } from './steps/intro.js';
import { outro } from './steps/outro.js';
import { packageManager } from './steps/package-manager.js';
import { plan } from './steps/plan.js';
import { projectName } from './steps/project-name.js';
import { requireAnswers } from './steps/require-answers.js';
import type { Step } from './steps/step.js';
import { template } from './steps/template.js';
import { verifyEnv } from './steps/verify-env.js';
import { writeProject } from './steps/write-project.js';

/** The scaffolder, in order. Questions first; nothing touches the disk before `plan`. */
export const STEPS: readonly Step[] = [
  verifyEnv,
  intro,
  projectName,
  description,
  template,
  features,
  packageManager,
  askGit,
  askInstall,
  requireAnswers,
  plan,
  dryRun,
  writeProject,
  installDeps,
  initGit,
  outro,
];

const CREATE: StepCommand<CliFlags, Answers, FilePlan> = {
  parse: parseCliFlags,
  answerNow: (flags, version) =>
    flags.help ? helpText(version) : flags.version ? `${version}\n` : undefined,
  steps: STEPS,
};

/**
 * Create a project from `argv`: parse the flags, then run {@link STEPS}. Resolves with the exit
 * status. {@link run} is the entry point; it answers `--help` and `--version` without loading
 * this module.
 */
export function create(
  argv: readonly string[],
  options: RunOptions,
  version: string,
): Promise<number> {
  return runSteps(argv, options, version, CREATE);
}
