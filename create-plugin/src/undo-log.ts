/**
 * Undo actions of the change under way, run last-in first-out. They are synchronous on purpose:
 * the signal handler of the step runner must finish them before the process exits, with no
 * event-loop turn to rely on.
 */
export class UndoLog {
  readonly #actions: Array<() => void> = [];
  /** Remember how to undo one change. */
  add(action: () => void): void {
    this.#actions.push(action);
  }
  /** Keep every change made so far: forget how to undo them. */
  commit(): void {
    this.#actions.length = 0;
  }
  /** Undo every change remembered, newest first, and forget them. */
  run(): void {
    for (const action of this.#actions.reverse().splice(0)) {
      try {
        action();
      } catch {
        // Best effort: one stuck entry must not keep the others from being removed.
      }
    }
  }
}
