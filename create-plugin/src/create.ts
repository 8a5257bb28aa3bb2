import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import type { ErrorCode } from '@stack-plugin/pdk';
import { isStackPluginError, toErrorJson } from '@stack-plugin/pdk/errors';
import { resolveRunIo } from './_run-io.js';
import { type CliFlags, parseCliFlags } from './cli-options.js';
import type { CreateContext } from './create-context.js';
import { helpText } from './help-text.js';
import type { RunOptions } from './main.js';
import { createClackPrompt, createPlainPrompt } from './prompt-adapter.js';
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

/** Exit status per error code: usage problems are 2, a cancel 130, everything else 1. */
const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  SCAFFOLD_ANSWERS_MISSING: 2,
  SCAFFOLD_BAD_USAGE: 2,
  SCAFFOLD_NAME_INVALID: 2,
  SCAFFOLD_PATH_UNSAFE: 2,
  SCAFFOLD_CANCELLED: 130,
};

/** Root folder of the installed @stack-plugin/templates package. */
export function templatesRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('@stack-plugin/templates/package.json'));
}

/** Why questions cannot be asked here, or `undefined` when they can. */
export function noPromptReason(
  env: Readonly<Record<string, string | undefined>>,
  stdin: { isTTY?: boolean },
  stdout: { isTTY?: boolean },
): string | undefined {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false')
    return 'CI is set';
  if (stdin.isTTY !== true) return 'stdin is not a terminal';
  if (stdout.isTTY !== true) return 'stdout is not a terminal';
  return undefined;
}

/**
 * Create a project from `argv`: parse the flags, then run {@link STEPS}. Resolves with the exit
 * status. {@link run} is the entry point; it answers `--help` and `--version` without loading
 * this module.
 */
export async function create(
  argv: readonly string[],
  options: RunOptions,
  version: string,
): Promise<number> {
  const { stdin, stdout, stderr, env } = resolveRunIo(options);
  let flags: CliFlags;
  try {
    flags = parseCliFlags(argv);
  } catch (error) {
    return fail(error, stderr);
  }
  if (flags.help || flags.version) {
    stdout.write(flags.help ? helpText(version) : `${version}\n`);
    return 0;
  }

  const reason = noPromptReason(env, stdin, stdout);
  const prompt =
    options.prompt ??
    (reason === undefined && !flags.yes
      ? await createClackPrompt({ input: stdin, output: stdout })
      : createPlainPrompt(stdout));
  const ctx: CreateContext = {
    cwd: options.cwd ?? process.cwd(),
    env,
    flags,
    prompt,
    version,
    templatesDir: templatesRoot(),
    noPromptReason: reason,
    missing: [],
    answers: {},
  };
  try {
    for (const step of STEPS) {
      const outcome = await step(ctx);
      if (outcome === 'stop') return 0;
      if (outcome) {
        const { plan: filePlan, ...answers } = outcome;
        if (filePlan !== undefined) ctx.plan = filePlan;
        Object.assign(ctx.answers, answers);
      }
    }
    return 0;
  } catch (error) {
    return fail(error, stderr);
  }
}

function fail(error: unknown, stderr: Writable): number {
  const { error: json } = toErrorJson(error);
  stderr.write(`\n✖ ${json.message}\n  ${json.hint}\n`);
  if (!isStackPluginError(error)) return 1;
  return EXIT_CODES[error.code] ?? 1;
}
