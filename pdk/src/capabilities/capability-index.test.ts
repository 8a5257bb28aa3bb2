import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from './capabilities.js';
import { CAPABILITY_METHODS, CONTEXT_LAYOUT, PERMISSION_KINDS } from './capability-index.js';

describe('what is derived from the capability table', () => {
  it('lists every permission kind once, in table order', () => {
    expect(PERMISSION_KINDS).toEqual([
      'fs:read',
      'fs:write',
      'net',
      'env',
      'secret',
      'exec',
      'events:emit',
      'events:on',
      'state',
      'state:shared',
      'db',
      'metrics:read',
    ]);
  });

  it('allows on the wire exactly the methods of the capabilities that cross the sandbox', () => {
    expect(CAPABILITY_METHODS).toMatchInlineSnapshot(`
      {
        "commands": [
          "execute",
        ],
        "contributions": [
          "register",
          "unregister",
        ],
        "db": [
          "query",
          "execute",
          "transaction",
          "commit",
          "rollback",
        ],
        "env": [
          "get",
        ],
        "events": [
          "emit",
          "on",
          "off",
        ],
        "exec": [
          "run",
        ],
        "fs": [
          "readFile",
          "readBytes",
          "readdir",
          "stat",
          "exists",
          "writeFile",
          "mkdir",
          "rm",
        ],
        "log": [
          "write",
        ],
        "metrics": [
          "count",
          "gauge",
          "read",
        ],
        "net": [
          "fetch",
        ],
        "secrets": [
          "get",
        ],
        "sharedState": [
          "get",
          "set",
          "delete",
          "keys",
        ],
        "state": [
          "get",
          "set",
          "delete",
          "keys",
        ],
      }
    `);
  });

  it('places every wire method on ctx as its descriptor says', () => {
    const at = (capability: string, method: string) =>
      CONTEXT_LAYOUT.find((e) => e.capability === capability && e.method === method);
    expect(at('sharedState', 'get')).toEqual({
      path: ['state', 'shared'],
      capability: 'sharedState',
      method: 'get',
      exposure: 'call',
      arity: 1,
    });
    expect(at('exec', 'run')?.exposure).toBe('function');
    expect(at('events', 'off')?.exposure).toBe('internal');
    expect(at('db', 'query')).toEqual({
      path: ['db'],
      capability: 'db',
      method: 'query',
      exposure: 'call',
      arity: 4,
      select: 'use',
    });
    expect(at('db', 'transaction')?.ends).toEqual({ commit: 'commit', rollback: 'rollback' });
    expect(CONTEXT_LAYOUT).toHaveLength(
      CAPABILITIES.reduce((n, c) => n + Object.keys(c.methods).length, 0),
    );
  });

  it('gives every permission kind a grammar that starts with the kind', () => {
    for (const c of CAPABILITIES) {
      for (const p of c.permissions) expect(p.grammar.startsWith(p.kind)).toBe(true);
    }
  });
});
