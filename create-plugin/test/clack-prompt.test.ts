import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { tempDir } from './support/run-scaffolder.js';

/** A pair of streams that claim to be a terminal, with a way to type into it. */
function fakeTerminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 40 });
  let screen = '';
  const waiters: Array<{ text: string; from: number; resolve: () => void }> = [];
  stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    for (const w of waiters.splice(0)) {
      if (screen.indexOf(w.text, w.from) >= 0) w.resolve();
      else waiters.push(w);
    }
  });
  let seen = 0;
  return {
    stdin,
    stdout,
    screen: () => screen,
    /** Wait until `question` appears (after what was already answered), then type `keys`. */
    async answer(question: string, keys: string) {
      const from = seen;
      if (screen.indexOf(question, from) < 0) {
        await new Promise<void>((resolve) => waiters.push({ text: question, from, resolve }));
      }
      seen = screen.indexOf(question, from) + question.length;
      stdin.write(keys);
    },
  };
}

describe('the @clack/prompts adapter, on a (fake) terminal', () => {
  it('asks with clack and creates the project from the answers', async () => {
    const cwd = await tempDir();
    const term = fakeTerminal();
    const status = run(['--no-git', '--no-install'], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdin: term.stdin,
      stdout: term.stdout,
      stderr: new PassThrough(),
    });
    await term.answer('Where should the plugin be created?', 'clack-plugin\r');
    await term.answer('Describe the plugin in one line:', 'Made on a terminal\r');
    // Down twice from integration: workflow, micro.
    await term.answer('Which kind of plugin?', '\u001b[B\u001b[B\r');
    // Toggle the first feature (examples) off; the rest stay on.
    await term.answer('Include (space to toggle):', ' \r');
    await term.answer('Which package manager?', '\r');
    expect(await status).toBe(0);
    const pkg = JSON.parse(await readFile(join(cwd, 'clack-plugin', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'clack-plugin', description: 'Made on a terminal' });
    expect(pkg.keywords).toContain('stack-plugin-micro');
    const record = JSON.parse(
      await readFile(join(cwd, 'clack-plugin', '.stack-plugin', 'template.json'), 'utf8'),
    );
    expect(record.features).toEqual({ examples: false, docs: true, ci: true, changesets: true });
    expect(term.screen()).toContain('Next steps');
  });

  it('Ctrl-C at a question cancels: exit 130, nothing written', async () => {
    const cwd = await tempDir();
    const term = fakeTerminal();
    const status = run([], {
      cwd,
      env: { PATH: process.env.PATH },
      stdin: term.stdin,
      stdout: term.stdout,
      stderr: new PassThrough(),
    });
    await term.answer('Where should the plugin be created?', '\u0003');
    expect(await status).toBe(130);
    expect(term.screen()).toContain('Cancelled. Nothing was written.');
  });
});
