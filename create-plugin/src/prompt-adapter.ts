import type { Readable, Writable } from 'node:stream';
import type { Option } from '@clack/prompts';
import { createError, pdkErrors } from '@stack-plugin/pdk/errors';
import type { Prompt, PromptOption } from './prompt.js';
import { scaffoldErrors } from './scaffold-errors.js';

/** Streams the interactive prompt reads from and writes to. */
export interface PromptStreams {
  readonly input: Readable;
  readonly output: Writable;
}

/**
 * The interactive {@link Prompt}, built on @clack/prompts. Only ever created when stdin and
 * stdout are TTYs and CI is unset: clack may open the terminal directly, so creating it in any
 * other situation risks a prompt nobody can answer. Loaded lazily to keep `--help` fast.
 */
export async function createClackPrompt(streams: PromptStreams): Promise<Prompt> {
  const clack = await import('@clack/prompts');
  const io = { input: streams.input, output: streams.output };
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) {
      clack.cancel('Cancelled. Nothing was written.', io);
      throw createError(scaffoldErrors.SCAFFOLD_CANCELLED);
    }
    return value as Exclude<T, symbol>;
  };
  // clack's Option<T> is a conditional type TypeScript cannot resolve for a generic T.
  const toOptions = <T extends string>(options: readonly PromptOption<T>[]) =>
    options.map((o) => ({
      value: o.value,
      label: o.label,
      ...(o.hint ? { hint: o.hint } : {}),
    })) as unknown as Option<T>[];
  return {
    interactive: true,
    intro: (title) => clack.intro(title, io),
    outro: (message) => clack.outro(message, io),
    info: (message) => clack.log.info(message, io),
    warn: (message) => clack.log.warn(message, io),
    note: (message, title) => clack.note(message, title, io),
    async text(q) {
      return answer(
        await clack.text({
          ...io,
          message: q.message,
          // The default shows as a placeholder and applies on an empty answer, so typing
          // replaces it instead of appending to it.
          ...(q.initial === undefined && q.placeholder === undefined
            ? {}
            : { placeholder: q.placeholder ?? q.initial }),
          ...(q.initial === undefined ? {} : { defaultValue: q.initial }),
          ...(q.validate === undefined
            ? {}
            : {
                validate: (v) => q.validate?.(v === undefined || v === '' ? (q.initial ?? '') : v),
              }),
        }),
      );
    },
    async select(q) {
      return answer(
        await clack.select({
          ...io,
          message: q.message,
          options: toOptions(q.options),
          ...(q.initial === undefined ? {} : { initialValue: q.initial }),
        }),
      );
    },
    async multiselect(q) {
      return answer(
        await clack.multiselect({
          ...io,
          message: q.message,
          options: toOptions(q.options),
          required: false,
          ...(q.initial === undefined ? {} : { initialValues: q.initial }),
        }),
      );
    },
    async confirm(q) {
      return answer(
        await clack.confirm({
          ...io,
          message: q.message,
          ...(q.initial === undefined ? {} : { initialValue: q.initial }),
        }),
      );
    },
    async task(title, work, done) {
      const spin = clack.spinner(io);
      spin.start(title);
      try {
        const result = await work();
        spin.stop(done(result));
        return result;
      } catch (error) {
        spin.error(`${title} failed`);
        throw error;
      }
    },
  };
}

/**
 * The {@link Prompt} for pipes, CI and `--yes`: plain lines, no escape codes, no spinner, and
 * questions are a programming error (steps must check `interactive` first), so they throw
 * instead of waiting on input that will never come.
 */
export function createPlainPrompt(output: Pick<Writable, 'write'>): Prompt {
  const line = (text: string) => void output.write(`${text}\n`);
  const refuse = (message: string): never => {
    throw createError(pdkErrors.INTERNAL, {
      detail: `a question was asked without a terminal: ${message}`,
    });
  };
  return {
    interactive: false,
    intro: (title) => line(title),
    outro: (message) => line(message),
    info: (message) => line(message),
    warn: (message) => line(`warning: ${message}`),
    note: (message, title) => line(title === undefined ? message : `${title}\n${message}`),
    text: async (q) => refuse(q.message),
    select: async (q) => refuse(q.message),
    multiselect: async (q) => refuse(q.message),
    confirm: async (q) => refuse(q.message),
    async task(title, work, done) {
      line(`${title}...`);
      const result = await work();
      line(done(result));
      return result;
    },
  };
}
