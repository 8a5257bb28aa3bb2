import { createError } from '@stack-plugin/pdk';
import { type Prompt, scaffoldErrors } from '../../src/index.js';

/** What the scripted prompt answers; `cancel` simulates Ctrl-C on that question. */
export type ScriptedAnswer = string | string[] | boolean | { cancel: true };

/**
 * An interactive {@link Prompt} that answers from a script, in order, and records every
 * question asked, so tests can check which questions a set of flags leaves open.
 */
export function scriptedPrompt(answers: ScriptedAnswer[]) {
  const asked: string[] = [];
  const said: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${message}`);
    if (typeof answer === 'object' && !Array.isArray(answer))
      throw createError(scaffoldErrors.SCAFFOLD_CANCELLED);
    return answer;
  };
  const prompt: Prompt = {
    interactive: true,
    intro: (t) => void said.push(`intro: ${t}`),
    outro: (t) => void said.push(`outro: ${t}`),
    info: (t) => void said.push(`info: ${t}`),
    warn: (t) => void said.push(`warn: ${t}`),
    note: (t, title) => void said.push(`note ${title ?? ''}: ${t}`),
    text: async (q) => {
      const answer = String(next(q.message));
      const problem = q.validate?.(answer);
      if (problem !== undefined) throw new Error(`validation refused "${answer}": ${problem}`);
      return answer;
    },
    select: async (q) => next(q.message) as never,
    multiselect: async (q) => next(q.message) as never,
    confirm: async (q) => next(q.message) as boolean,
    task: async (title, work, done) => {
      const result = await work();
      said.push(`task: ${title} -> ${done(result)}`);
      return result;
    },
  };
  return { prompt, asked, said, remaining: answers };
}
