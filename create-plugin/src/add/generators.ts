/** What `create-stack-plugin add` can add to a plugin project. */
export const GENERATORS = [
  { value: 'command', label: 'Command', hint: 'an action users and other plugins run' },
  { value: 'step', label: 'Step', hint: 'a unit of work a workflow runs' },
  { value: 'transformer', label: 'Transformer', hint: 'turns one value into another' },
  { value: 'skill', label: 'Skill', hint: 'a tool an AI agent can call' },
  { value: 'test', label: 'Test', hint: 'a test file that mounts the plugin in the real host' },
] as const;

/** One of {@link GENERATORS}. */
export type GeneratorName = (typeof GENERATORS)[number]['value'];

/** The generators that add a contribution to stack-plugin.json. */
export type ContributionGenerator = Exclude<GeneratorName, 'test'>;

/** Whether `value` names a generator. */
export function isGeneratorName(value: string): value is GeneratorName {
  return GENERATORS.some((g) => g.value === value);
}

/** The `contributes` key (and `ctx` registry) of each contribution generator. */
export const CONTRIBUTION_KEYS: Readonly<Record<ContributionGenerator, string>> = {
  command: 'commands',
  step: 'steps',
  transformer: 'transformers',
  skill: 'skills',
};

/**
 * The manifest entry of a new contribution: its id, title and description, and input and
 * output schema stubs (a described string in, a described string out) that the handler and
 * test stubs match. Every field has a description, which skills need for the agent.
 */
export function contributionEntry(id: string, title: string, description: string) {
  const field = (text: string) => ({ type: 'string', description: text });
  return {
    id,
    title,
    description,
    input: {
      type: 'object',
      properties: { value: field('The value to work on.') },
      required: ['value'],
      additionalProperties: false,
    },
    output: {
      type: 'object',
      properties: { result: field('What came of it.') },
      required: ['result'],
      additionalProperties: false,
    },
  };
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/** File and function names derived from an id: `greet.hello` -> `greet-hello`, `greetHello`. */
export function namesFor(id: string): { file: string; fn: string } {
  const parts = id.split(/[-._]+/).filter((p) => p !== '');
  const file = parts.join('-').toLowerCase();
  const camel = parts
    .map((p, i) =>
      i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join('');
  const fn = /^[0-9]/.test(camel) ? `run${camel}` : RESERVED.has(camel) ? `${camel}Handler` : camel;
  return { file, fn };
}
