import { describe, expect, it } from 'vitest';
import { errorCatalog } from './error-catalog.js';
import { createError, isStackPluginError, toErrorJson } from './stack-plugin-error.js';

describe('error catalog', () => {
  it('keeps codes sorted, keyed by their own code, and SCREAMING_SNAKE_CASE', () => {
    const codes = Object.keys(errorCatalog);
    expect(codes).toEqual([...codes].sort());
    for (const [key, entry] of Object.entries(errorCatalog)) {
      expect(entry.code).toBe(key);
      expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it('never prefixes messages with "Error:" and always gives a hint', () => {
    for (const entry of Object.values(errorCatalog)) {
      const message = entry.message({});
      expect(message).not.toMatch(/^error:/i);
      expect(entry.hint({}).length).toBeGreaterThan(10);
    }
  });
});

describe('createError', () => {
  it('fills message and hint, names the plugin and keeps the cause', () => {
    const cause = new Error('boom');
    const error = createError(
      'PERMISSION_DENIED',
      { action: 'read "secrets.txt"', permission: 'fs:read:secrets.txt' },
      { plugin: 'acme-notes', cause },
    );
    expect(error.toJSON()).toEqual({
      code: 'PERMISSION_DENIED',
      message:
        '"acme-notes" may not read "secrets.txt": it has not been granted "fs:read:secrets.txt".',
      hint: 'Add "fs:read:secrets.txt" to "permissions" in stack-plugin.json if the plugin really needs it.',
      plugin: 'acme-notes',
    });
    expect(error.cause).toBe(cause);
    expect(isStackPluginError(error)).toBe(true);
  });

  it('turns unknown thrown values into well-formed INTERNAL errors', () => {
    expect(toErrorJson('weird').error.code).toBe('INTERNAL');
    expect(toErrorJson(new TypeError('x')).error.message).toContain('x');
    expect(toErrorJson(null).error).toHaveProperty('hint');
  });

  it('recognises errors that crossed a structured clone by shape', () => {
    const cloned = structuredClone(createError('PLUGIN_TIMEOUT', { timeoutMs: 5 }).toJSON());
    expect(isStackPluginError(cloned)).toBe(true);
    expect(toErrorJson(cloned).error.code).toBe('PLUGIN_TIMEOUT');
  });
});
