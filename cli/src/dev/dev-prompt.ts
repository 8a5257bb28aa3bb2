import { CALLABLE_KINDS } from '@stack-plugin/pdk';

/**
 * What a line typed at the `stack-plugin dev` prompt asks for. Pure, so every form is tested
 * without a host.
 */
export type DevRequest =
  | { readonly kind: 'run'; readonly id: string; readonly input: unknown }
  | { readonly kind: 'workflow'; readonly id: string; readonly input: unknown }
  | {
      readonly kind: 'invoke';
      readonly contribution: string;
      readonly id: string;
      readonly input: unknown;
    }
  | { readonly kind: 'status' }
  | { readonly kind: 'reload' }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly detail: string };

/** The prompt's help text: every form {@link parseDevLine} accepts. */
export const DEV_PROMPT_HELP = [
  'Commands at the dev prompt:',
  '  run <commandId> [JSON]        run a command with JSON input (default {})',
  '  workflow <workflowId> [JSON]  run a workflow and print each step',
  '  invoke <kind> <id> [JSON]     run a step, transformer, validator, formatter, hook or skill',
  '  status                        the plugin: state, version, isolation, last error, reloads',
  '  reload                        rebuild and hot-swap now',
  '  help                          this text',
  '  quit                          stop the dev host (Ctrl-C and Ctrl-D too)',
  'A bare "<commandId> [JSON]" runs that command.',
].join('\n');

// The kinds `invoke` accepts are the ones that register handlers: the pdk's one list.
const KINDS: ReadonlySet<string> = new Set(CALLABLE_KINDS);

/** Parses one prompt line. */
export function parseDevLine(line: string): DevRequest {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  const [word = '', ...rest] = text.split(/\s+/);
  const after = (n: number) => text.split(/\s+/).slice(n).join(' ');
  switch (word) {
    case 'status':
    case 'reload':
    case 'help':
    case 'quit':
      return rest.length === 0
        ? { kind: word }
        : { kind: 'invalid', detail: `"${word}" takes no arguments` };
    case 'exit':
      return { kind: 'quit' };
    case '?':
      return { kind: 'help' };
    case 'run':
    case 'workflow': {
      const id = rest[0];
      if (id === undefined) return { kind: 'invalid', detail: `"${word}" needs an id` };
      const input = parseInput(after(2));
      return 'detail' in input ? input : { kind: word, id, input: input.value };
    }
    case 'invoke': {
      const [contribution, id] = rest;
      if (contribution === undefined || id === undefined || !KINDS.has(contribution)) {
        return {
          kind: 'invalid',
          detail: `"invoke" needs a kind (${[...KINDS].join(', ')}) and an id`,
        };
      }
      const input = parseInput(after(3));
      return 'detail' in input ? input : { kind: 'invoke', contribution, id, input: input.value };
    }
    default: {
      const input = parseInput(after(1));
      return 'detail' in input ? input : { kind: 'run', id: word, input: input.value };
    }
  }
}

function parseInput(text: string): { value: unknown } | { kind: 'invalid'; detail: string } {
  if (text.trim() === '') return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return {
      kind: 'invalid',
      detail: `the input is not valid JSON (${(error as Error).message}); write it as {"key":"value"}`,
    };
  }
}
