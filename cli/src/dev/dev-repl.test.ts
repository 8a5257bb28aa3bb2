import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDevPrompt } from './dev-repl.js';

// A session whose lines take a moment, as real calls do: a pipe has ended long before.
function slowSession() {
  const handled: string[] = [];
  return {
    handled,
    async handle(line: string) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.push(line);
      return line !== 'quit';
    },
  };
}

async function run(text: string) {
  const session = slowSession();
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => {
    shown += String(chunk);
  });
  input.end(text);
  await runDevPrompt(session, input, output, false);
  return { handled: session.handled, shown };
}

describe('runDevPrompt', () => {
  it('performs every piped line in order, stops at quit and drops what follows', async () => {
    const { handled } = await run('status\nrun a {}\nquit\nrun b {}\n');
    expect(handled).toEqual(['status', 'run a {}', 'quit']);
  });

  it('performs the piped lines when the input ends without quit, and returns', async () => {
    const { handled, shown } = await run('status\nrun a {}\n');
    expect(handled).toEqual(['status', 'run a {}']);
    // One prompt before the first line; none after the pipe has closed.
    expect(shown).toBe('dev> ');
  });
});
