/** The plugin categories a project can be created from; one template each. */
export const TEMPLATES = [
  {
    value: 'integration',
    label: 'Integration',
    hint: 'call an external API with a secret, retries and typed commands',
  },
  { value: 'workflow', label: 'Workflow', hint: 'steps that pass outputs along a workflow' },
  { value: 'micro', label: 'Micro', hint: 'small chainable transformers and validators' },
  { value: 'ui', label: 'UI', hint: 'a theme and a formatter for the host UI' },
  { value: 'skill', label: 'Skill', hint: 'a tool with an input schema an AI agent can call' },
] as const;

/** A template name: `integration`, `workflow`, `micro`, `ui` or `skill`. */
export type TemplateName = (typeof TEMPLATES)[number]['value'];

/** Whether `value` names a template. */
export function isTemplateName(value: string): value is TemplateName {
  return TEMPLATES.some((t) => t.value === value);
}

/** Optional parts of a generated project; each also has a `--<name>` / `--no-<name>` flag. */
export const FEATURES = [
  { value: 'examples', label: 'Examples', hint: 'a host config and sample inputs to try it' },
  { value: 'docs', label: 'Docs', hint: 'a guide page built with `npm run docs`' },
  { value: 'ci', label: 'CI workflow', hint: 'GitHub Actions: validate, test, docs, API report' },
  { value: 'changesets', label: 'Changesets', hint: 'versioning and changelogs' },
] as const;

/** A feature name. */
export type FeatureName = (typeof FEATURES)[number]['value'];

/** Which features are on. */
export type FeatureSet = Readonly<Record<FeatureName, boolean>>;

/** Whether `value` names a feature. */
export function isFeatureName(value: string): value is FeatureName {
  return FEATURES.some((f) => f.value === value);
}
