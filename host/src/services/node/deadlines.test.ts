import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Deadlines on vitest's fake timers, with `now` read from the faked Date. */
function fake() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  return new Deadlines(() => Date.now());
}

describe('Deadlines', () => {
  it('fires a deadline once its time has passed, not before', () => {
    const deadlines = fake();
    const fired = vi.fn();
    deadlines.add(fired, 100);
    vi.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(deadlines.pending).toBe(0);
  });

  it('never fires a cancelled deadline, and cancelling twice or after firing is harmless', () => {
    const deadlines = fake();
    const cancelled = vi.fn();
    const kept = vi.fn();
    const a = deadlines.add(cancelled, 50);
    const b = deadlines.add(kept, 50);
    a.cancel();
    a.cancel();
    vi.advanceTimersByTime(50);
    expect(cancelled).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    b.cancel();
    expect(deadlines.pending).toBe(0);
  });

  it('fires deadlines of different durations in the order they fall due', () => {
    const deadlines = fake();
    const order: string[] = [];
    deadlines.add(() => order.push('long'), 300);
    vi.advanceTimersByTime(10);
    deadlines.add(() => order.push('short'), 20);
    deadlines.add(() => order.push('middle'), 100);
    deadlines.add(() => order.push('long2'), 300);
    vi.advanceTimersByTime(25);
    expect(order).toEqual(['short']);
    vi.advanceTimersByTime(1_000);
    expect(order).toEqual(['short', 'middle', 'long', 'long2']);
  });

  it('still fires a later deadline after the earliest one was cancelled', () => {
    const deadlines = fake();
    const late = vi.fn();
    const early = deadlines.add(() => {}, 10);
    deadlines.add(late, 40);
    early.cancel();
    vi.advanceTimersByTime(39);
    expect(late).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('lets a callback add and cancel deadlines, and one that throws does not stop the others', () => {
    const deadlines = fake();
    const thrown: unknown[] = [];
    const second = vi.fn();
    const added = vi.fn();
    let victim: { cancel(): void } | undefined;
    deadlines.add(() => {
      deadlines.add(added, 5);
      victim?.cancel();
      throw new Error('boom');
    }, 10);
    deadlines.add(second, 10);
    const cancelled = vi.fn();
    victim = deadlines.add(cancelled, 12);
    const onError = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', onError);
    try {
      vi.advanceTimersByTime(10);
      expect(second).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(10);
      expect(added).toHaveBeenCalledTimes(1);
      expect(cancelled).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
    return new Promise<void>((resolve) => {
      queueMicrotask(() => {
        process.off('uncaughtException', onError);
        expect(thrown).toEqual([expect.objectContaining({ message: 'boom' })]);
        resolve();
      });
    });
  });
});

describe('Deadlines and the process', () => {
  const module = fileURLToPath(new URL('./deadlines.ts', import.meta.url));
  const run = (body: string) => {
    const script = `import { Deadlines } from ${JSON.stringify(module)};\nconst d = new Deadlines();\nconst t0 = performance.now();\n${body}`;
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    return { ...child, ms: performance.now() - started };
  };

  it('keeps the process alive while a held deadline is pending: nothing else is on the loop', () => {
    const child = run(
      `d.add(() => console.log('fired after', Math.round(performance.now() - t0)), 300).hold();`,
    );
    expect(child.stderr).toBe('');
    const after = Number(/fired after (\d+)/.exec(child.stdout)?.[1]);
    expect(after).toBeGreaterThanOrEqual(300);
  });

  it('lets the process exit while the only pending deadline is not held', () => {
    const child = run(`d.add(() => console.log('fired'), 20000);`);
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('');
    expect(child.ms).toBeLessThan(10_000);
  });

  it('keeps holding while another held deadline is pending, then lets go', () => {
    const child = run(
      `const a = d.add(() => console.log('a fired'), 20000);\na.hold();\nconst b = d.add(() => console.log('b fired after', Math.round(performance.now() - t0)), 200);\nb.hold();\na.cancel();`,
    );
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^b fired after \d+\n$/);
    expect(child.ms).toBeLessThan(10_000);
  });

  it('lets the process exit once no deadline is pending, though the timer was armed for later', () => {
    const child = run(
      `const long = d.add(() => console.log('fired'), 20000);\nlong.hold();\nawait new Promise((r) => setTimeout(r, 20));\nlong.cancel();`,
    );
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('');
    expect(child.ms).toBeLessThan(10_000);
  });
});
