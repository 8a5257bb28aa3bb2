import { afterEach, describe, expect, it, vi } from 'vitest';
import { undoOnFailureOrSignal } from './_undo-on-signal.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('undoOnFailureOrSignal', () => {
  it('says it was interrupted even when the work failed first and the undo is already running', async () => {
    const exited = gate();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      exited.open();
    }) as typeof process.exit);
    const said: string[] = [];
    const undoStarted = gate();
    const undoMayEnd = gate();
    let undos = 0;
    const running = undoOnFailureOrSignal(
      () => Promise.reject(new Error('npm died of the same Ctrl-C')),
      async () => {
        undos++;
        undoStarted.open();
        await undoMayEnd.promise;
      },
      (text) => said.push(text),
      { undone: 'Put back.' },
    );
    await undoStarted.promise;
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    undoMayEnd.open();
    await expect(running).rejects.toThrow('npm died');
    await exited.promise;

    expect(undos).toBe(1);
    expect(said.filter((text) => text.includes('Interrupted (SIGINT)'))).toHaveLength(1);
    expect(said).toContain('Put back.\n');
    expect(exit).toHaveBeenCalledWith(130);
  });

  it('leaves no signal listener behind and undoes nothing when the work succeeds', async () => {
    const listeners = process.listenerCount('SIGINT');
    const undo = vi.fn(async () => {});
    await expect(
      undoOnFailureOrSignal(
        async () => 7,
        undo,
        () => {},
      ),
    ).resolves.toBe(7);
    expect(undo).not.toHaveBeenCalled();
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});
