import { describe, expect, it } from 'vitest';
import { parseDevLine } from './dev-prompt.js';

describe('parseDevLine', () => {
  it.each([
    ['run items.get {"id":"42"}', { kind: 'run', id: 'items.get', input: { id: '42' } }],
    ['items.get {"id": "4 2"}', { kind: 'run', id: 'items.get', input: { id: '4 2' } }],
    ['run release.plan', { kind: 'run', id: 'release.plan', input: {} }],
    [
      'workflow release.prepare {"version":"1.0.0"}',
      { kind: 'workflow', id: 'release.prepare', input: { version: '1.0.0' } },
    ],
    [
      'invoke steps version.bump {"a":1}',
      { kind: 'invoke', contribution: 'steps', id: 'version.bump', input: { a: 1 } },
    ],
    ['  status ', { kind: 'status' }],
    ['exit', { kind: 'quit' }],
    ['', { kind: 'empty' }],
  ])('%s', (line, request) => {
    expect(parseDevLine(line)).toEqual(request);
  });

  it('says what is wrong with a line it cannot run', () => {
    expect(parseDevLine('run')).toEqual({ kind: 'invalid', detail: '"run" needs an id' });
    expect(parseDevLine('invoke thing x')).toMatchObject({ kind: 'invalid' });
    expect(parseDevLine('run x {id:1}')).toMatchObject({
      kind: 'invalid',
      detail: expect.stringMatching(/^the input is not valid JSON/),
    });
    expect(parseDevLine('status now')).toEqual({
      kind: 'invalid',
      detail: '"status" takes no arguments',
    });
  });
});
