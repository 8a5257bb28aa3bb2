import { describe, expect, it } from 'vitest';
import { resolveIsolation, resolveLimits } from './resolve-isolation.js';

describe('resolveIsolation', () => {
  it('takes the strongest of manifest, config and policy', () => {
    expect(resolveIsolation('none')).toBe('none');
    expect(resolveIsolation(undefined)).toBe('none');
    expect(resolveIsolation('none', 'limited')).toBe('limited');
    expect(resolveIsolation('limited', undefined, { minIsolation: 'strict' })).toBe('strict');
  });

  it('never lowers the manifest level', () => {
    expect(resolveIsolation('strict', 'none')).toBe('strict');
    expect(resolveIsolation('strict', 'limited', { minIsolation: 'none' })).toBe('strict');
    expect(resolveIsolation('limited', 'none', { minIsolation: 'none' })).toBe('limited');
  });

  it('treats an unknown level as strict', () => {
    expect(resolveIsolation('nonee' as never)).toBe('strict');
    expect(resolveIsolation('none', 'off' as never)).toBe('strict');
  });
});

describe('resolveLimits', () => {
  it('uses the defaults when the manifest names none', () => {
    expect(resolveLimits(undefined)).toEqual({ timeoutMs: 30_000, memoryMb: 256 });
  });

  it('caps manifest limits by the policy', () => {
    expect(
      resolveLimits(
        { timeoutMs: 600_000, memoryMb: 4096 },
        { maxTimeoutMs: 5_000, maxMemoryMb: 256 },
      ),
    ).toEqual({
      timeoutMs: 5_000,
      memoryMb: 256,
    });
    expect(resolveLimits({ timeoutMs: 1_000 }, { maxTimeoutMs: 5_000 })).toEqual({
      timeoutMs: 1_000,
      memoryMb: 256,
    });
  });

  it('raises nonsense values to a floor', () => {
    expect(resolveLimits({ timeoutMs: -1, memoryMb: 0 })).toEqual({ timeoutMs: 10, memoryMb: 8 });
    expect(resolveLimits({ timeoutMs: Number.NaN, memoryMb: 12.7 })).toEqual({
      timeoutMs: 30_000,
      memoryMb: 12,
    });
  });
});
