import { toErrorJson } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { importOptional } from './import-optional.js';

// A specifier that is computed, so no tool tries to resolve it ahead of time.
const absent = ['no-such-package', 'for-stack-plugin-tests'].join('-');

describe('importOptional', () => {
  it('turns a missing optional dependency into OPTIONAL_DEPENDENCY_MISSING', async () => {
    const failure = await importOptional(absent, 'The Prometheus text', () => import(absent)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(toErrorJson(failure)).toEqual({
      error: {
        code: 'OPTIONAL_DEPENDENCY_MISSING',
        message: `The Prometheus text needs ${absent}, an optional dependency of the host that is not installed.`,
        hint: `Install it beside the host: \`npm install ${absent}@latest\`.`,
      },
    });
  });

  it('passes other failures through unchanged', async () => {
    const boom = new Error('boom');
    await expect(importOptional('prom-client', 'x', () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('loads an installed one', async () => {
    const mod = await importOptional('prom-client', 'x', () => import('prom-client'));
    expect(typeof mod.Registry).toBe('function');
  });
});
