export {
  FEATURES,
  type FeatureName,
  type FeatureSet,
  isFeatureName,
  isTemplateName,
  TEMPLATES,
  type TemplateName,
} from './choices.js';
export { type CliFlags, parseCliFlags } from './cli-options.js';
export { create, STEPS } from './create.js';
export type { Answers, CreateContext, Question } from './create-context.js';
export {
  type FilePlan,
  listFiles,
  type PlannedFile,
  planFiles,
  TEMPLATE_RECORD_PATH,
} from './file-plan.js';
export { run } from './main.js';
export {
  detectPackageManager,
  isPackageManager,
  PACKAGE_MANAGERS,
  type PackageManager,
  type PackageManagerCommands,
  packageManagerCommands,
} from './package-manager.js';
export { type PackageNameCheck, toValidPackageName, validatePackageName } from './package-name.js';
export type { Prompt, PromptOption } from './prompt.js';
export {
  readTemplateSet,
  renderTemplateSet,
  type TemplateRenderInput,
  type TemplateSetInfo,
} from './render-template-set.js';
export { noPromptReason, type RunOptions, templatesRoot } from './run-options.js';
export { scaffoldErrors } from './scaffold-errors.js';
export type { StepContext, StepFn, StepOutcome as RunnerStepOutcome } from './step-runner.js';
export { formatPlan } from './steps/dry-run.js';
export { nextSteps } from './steps/outro.js';
export type { Step, StepOutcome } from './steps/step.js';
export { checkTargetDir, IGNORABLE_FILES, inspectTarget, type TargetState } from './target-dir.js';
export type { ToolVersions } from './template-data.js';
export { sha256, type TemplateAnswers, type TemplateRecord } from './template-record.js';
