/** What {@link undoOnFailureOrSignal} says when a signal interrupts the work. */
export interface InterruptMessages {
  /** After `Interrupted (SIGINT): `, when the signal arrives. */
  readonly undoing?: string;
  /** A line once the undo is done. */
  readonly undone?: string;
}

/**
 * Runs `work`, and `undo` if `work` fails or if SIGINT or SIGTERM arrives meanwhile: Ctrl-C
 * while npm installs, at a prompt or half-way through writing files leaves the project as it
 * was instead of half-changed. The CLI's one signal guard: `add`, `update`, and `upgrade`'s
 * staging and writing all go through it.
 *
 * `undo` runs once however many ways it is asked for. In a terminal, Ctrl-C reaches the whole
 * process group, so npm dies too and `work` fails while the signal's undo is running; both
 * wait for the same undo. After a signal the process exits once the undo is done, with the
 * shell's code for it (130 for SIGINT, 143 for SIGTERM); a second Ctrl-C does not cut the undo
 * short.
 */
export async function undoOnFailureOrSignal<T>(
  work: () => Promise<T>,
  undo: () => Promise<void>,
  say: (text: string) => void,
  messages: InterruptMessages = {},
): Promise<T> {
  let undoing: Promise<void> | undefined;
  const undoOnce = () => {
    undoing ??= undo();
    return undoing;
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // Said on the first signal even when the undo already began: npm, killed by the same
    // Ctrl-C, may make `work` fail (and start the undo) before this handler runs.
    if (!interrupted)
      say(
        `\nInterrupted (${signal}): ${messages.undoing ?? 'undoing the changes made so far...'}\n`,
      );
    interrupted = true;
    void undoOnce()
      .then(() => {
        if (messages.undone !== undefined) say(`${messages.undone}\n`);
      })
      .catch((error: unknown) => say(`could not undo everything: ${String(error)}\n`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work();
  } catch (error) {
    await undoOnce();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
