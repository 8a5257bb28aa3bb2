import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineErrors } from './define-errors.js';
import { pdkErrors } from './pdk-errors.js';
import {
  createError,
  innerErrors,
  isStackPluginError,
  type StackPluginError,
  toErrorJson,
} from './stack-plugin-error.js';

describe('pdk error catalog', () => {
  it('keeps codes sorted, keyed by their own code, and SCREAMING_SNAKE_CASE', () => {
    const codes = Object.keys(pdkErrors);
    expect(codes).toEqual([...codes].sort());
    for (const [key, entry] of Object.entries(pdkErrors)) {
      expect(entry.code).toBe(key);
      expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });
});

describe('defineErrors', () => {
  const errors = defineErrors({
    REPORT_MISSING: {
      title: 'Report not found',
      message: (a: { file: string; plugin?: string }) => `No report at ${a.file}.`,
      hint: (a) => `Write ${a.file} first.`,
      exitCode: 3,
    },
    NOTHING_TO_DO: { title: 'Nothing to do', message: () => 'Nothing to do.', hint: 'Relax.' },
  });

  it('types the arguments of each entry and keeps them as data', () => {
    const error = createError(errors.REPORT_MISSING, { file: 'a.json' });
    expectTypeOf(error.data).toEqualTypeOf<Readonly<{ file: string; plugin?: string }>>();
    expectTypeOf(error.code).toEqualTypeOf<'REPORT_MISSING'>();
    // @ts-expect-error the entry needs `file`
    createError(errors.REPORT_MISSING, {});
    // @ts-expect-error unknown argument
    createError(errors.REPORT_MISSING, { file: 'a', line: 3 });
    expect(error).toMatchObject({
      code: 'REPORT_MISSING',
      message: 'No report at a.json.',
      hint: 'Write a.json first.',
      data: { file: 'a.json' },
      exitCode: 3,
      plugin: undefined,
    });
    expect(createError(errors.NOTHING_TO_DO).exitCode).toBe(1);
  });

  it('names the plugin from the arguments unless the options say otherwise', () => {
    expect(createError(errors.REPORT_MISSING, { file: 'a', plugin: 'p' }).plugin).toBe('p');
    expect(
      createError(errors.REPORT_MISSING, { file: 'a', plugin: 'p' }, { plugin: undefined }).plugin,
    ).toBeUndefined();
  });
});

describe('createError', () => {
  it('fills message and hint, names the plugin and keeps the cause', () => {
    const cause = new Error('boom');
    const error = createError(
      pdkErrors.PERMISSION_DENIED,
      { plugin: 'acme-notes', action: 'read "secrets.txt"', permission: 'fs:read:secrets.txt' },
      { cause },
    );
    expect(error.toJSON()).toEqual({
      code: 'PERMISSION_DENIED',
      message:
        '"acme-notes" may not read "secrets.txt": it has not been granted "fs:read:secrets.txt".',
      hint: 'Add "fs:read:secrets.txt" to "permissions" in stack-plugin.json if the plugin really needs it.',
      plugin: 'acme-notes',
    });
    expect(error.cause).toBe(cause);
    expect(error.data.permission).toBe('fs:read:secrets.txt');
    expect(isStackPluginError(error)).toBe(true);
  });

  it('lists the inner errors of a wrapper in JSON, each with its own code and hint', () => {
    const inner = createError(pdkErrors.MANIFEST_NOT_FOUND, { dir: '/x' });
    const wrapper = createError(
      pdkErrors.INTERNAL,
      { detail: 'two failures' },
      { errors: [inner] },
    );
    expect(toErrorJson(wrapper).error.errors).toEqual([
      { code: 'MANIFEST_NOT_FOUND', message: inner.message, hint: inner.hint },
    ]);
    expect(innerErrors(structuredClone(wrapper.toJSON()))).toHaveLength(1);
    expect(innerErrors(inner)).toEqual([]);
  });

  it('turns unknown thrown values into well-formed INTERNAL errors', () => {
    expect(toErrorJson('weird').error.code).toBe('INTERNAL');
    expect(toErrorJson(new TypeError('x')).error.message).toContain('x');
    expect(toErrorJson(null).error).toHaveProperty('hint');
  });

  it('recognises errors that crossed a structured clone by shape', () => {
    const cloned = structuredClone(
      createError(pdkErrors.NET_TIMEOUT, { url: 'https://a.test/', timeoutMs: 5 }).toJSON(),
    );
    expect(isStackPluginError(cloned)).toBe(true);
    expect(toErrorJson(cloned).error.code).toBe('NET_TIMEOUT');
    expect(isStackPluginError({ code: 'ENOENT ', message: 'x', hint: 'y' })).toBe(false);
  });

  it('types a caught error narrowed by code', () => {
    const error: StackPluginError = createError(pdkErrors.INTERNAL, { detail: 'x' });
    expectTypeOf(error.data).toEqualTypeOf<Readonly<object>>();
  });
});
