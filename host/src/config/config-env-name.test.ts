import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  configEnvName,
  decodeEnvPart,
  encodeEnvPart,
  parseConfigEnvName,
} from './config-env-name.js';

describe('config override variable names', () => {
  it('reads back every plugin and key path (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
        (plugin, keyPath) => {
          const name = configEnvName(plugin, keyPath);
          expect(name).toMatch(/^[A-Z0-9_]+$/);
          expect(parseConfigEnvName(name)).toEqual({ plugin, keyPath });
        },
      ),
    );
  });

  it('stays readable for the usual names', () => {
    expect(configEnvName('my-plugin', ['db', 'port'])).toBe('STACK_PLUGIN_MY_PLUGIN__DB__PORT');
    expect(configEnvName('@acme/notes', ['apiUrl'])).toBe('STACK_PLUGIN_ZAACMEZSNOTES__APIZCURL');
    expect(configEnvName('lazy', ['zone'])).toBe('STACK_PLUGIN_LAZZY__ZZONE');
  });

  it('gives the pairs that used to collide different variables', () => {
    const pairs: Array<[string, string[]]> = [
      ['@acme/notes', ['apiUrl']],
      ['acme', ['notes_apiUrl']],
      ['acme', ['notes', 'apiUrl']],
      ['acme-notes', ['apiUrl']],
      ['acme', ['notes-apiUrl']],
      ['acme', ['notesApiurl']],
    ];
    const names = pairs.map(([plugin, keyPath]) => configEnvName(plugin, keyPath));
    expect(new Set(names).size).toBe(pairs.length);
  });

  it('refuses names that are not canonical', () => {
    for (const part of ['', '_A', 'A_', 'A__B', 'Zq', 'ZQ', 'ZC', 'ZX11FFFF', 'a']) {
      expect(decodeEnvPart(part)).toBeUndefined();
    }
    expect(decodeEnvPart(encodeEnvPart('--'))).toBe('--');
    expect(parseConfigEnvName('STACK_PLUGIN_ACME')).toBeUndefined();
    expect(parseConfigEnvName('OTHER_ACME__KEY')).toBeUndefined();
  });
});
