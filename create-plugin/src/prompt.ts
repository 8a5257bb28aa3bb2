/** One choice of a select or multiselect question. */
export interface PromptOption<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly hint?: string;
}

/**
 * Everything the scaffolder says to or asks of the user. Steps only talk to this interface;
 * `prompt-adapter.ts` is the one file that knows about @clack/prompts, so tests can drive the
 * steps with a scripted implementation.
 */
export interface Prompt {
  /** Whether questions may be asked. False without a TTY, under CI, or with `--yes`. */
  readonly interactive: boolean;
  intro(title: string): void;
  outro(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** A boxed block of text (next steps, the file plan). */
  note(message: string, title?: string): void;
  text(question: {
    message: string;
    initial?: string;
    placeholder?: string;
    validate?: (value: string) => string | undefined;
  }): Promise<string>;
  select<T extends string>(question: {
    message: string;
    options: readonly PromptOption<T>[];
    initial?: T;
  }): Promise<T>;
  multiselect<T extends string>(question: {
    message: string;
    options: readonly PromptOption<T>[];
    initial?: readonly T[];
  }): Promise<T[]>;
  confirm(question: { message: string; initial?: boolean }): Promise<boolean>;
  /** Run a long piece of work, with a spinner on a TTY and plain start/end lines elsewhere. */
  task<T>(title: string, work: () => Promise<T>, done: (result: T) => string): Promise<T>;
}
