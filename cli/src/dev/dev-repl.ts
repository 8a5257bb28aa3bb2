import { createInterface } from 'node:readline';

/** What {@link runDevPrompt} needs of a dev session. */
export interface DevPromptSession {
  /** Performs one prompt line; false when the session should end ("quit"). */
  handle(line: string): Promise<boolean>;
}

/**
 * Reads prompt lines from `input` (a terminal or a pipe) and hands them to the session one at a
 * time, in order. Resolves once the input ends, "quit" is read, Ctrl-C is pressed or SIGTERM
 * arrives, and every line read before that has been performed. With a pipe the input usually
 * ends before the first line is done, so the prompt is shown again only while the input is
 * open, and lines after "quit" are dropped.
 */
export async function runDevPrompt(
  session: DevPromptSession,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  terminal: boolean,
): Promise<void> {
  const lines = createInterface({ input, output, prompt: 'dev> ', terminal });
  let closed = false;
  let quitting = false;
  const stopped = new Promise<void>((done) => {
    lines.once('close', () => {
      closed = true;
      done();
    });
  });
  const close = () => lines.close();
  lines.once('SIGINT', close);
  process.once('SIGTERM', close);
  let busy = Promise.resolve();
  lines.on('line', (line) => {
    busy = busy.then(async () => {
      if (quitting) return;
      if (!(await session.handle(line))) {
        quitting = true;
        lines.close();
      } else if (!closed) {
        lines.prompt();
      }
    });
  });
  lines.prompt();
  try {
    await stopped;
    await busy;
  } finally {
    process.off('SIGTERM', close);
  }
}
