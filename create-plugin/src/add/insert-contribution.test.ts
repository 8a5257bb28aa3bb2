import { describe, expect, it } from 'vitest';
import { insertContribution } from './insert-contribution.js';

const entry = { id: 'a.b', input: { type: 'object', required: ['value'] } };

describe('insertContribution', () => {
  it('appends to an existing list, leaving every other byte alone', () => {
    const text =
      '{\n  "contributes": {\n    "commands": [{ "id": "x" }],\n    "skills": []\n  }\n}\n';
    expect(insertContribution(text, 'commands', entry)).toBe(
      '{\n  "contributes": {\n    "commands": [{ "id": "x" },\n    {\n      "id": "a.b",\n      "input": {\n        "type": "object",\n        "required": ["value"]\n      }\n    }],\n    "skills": []\n  }\n}\n',
    );
  });

  it('fills an empty list', () => {
    expect(
      insertContribution('{\n  "contributes": {\n    "skills": []\n  }\n}\n', 'skills', {
        id: 'a',
      }),
    ).toBe(`{
  "contributes": {
    "skills": [
      {
        "id": "a"
      }
    ]
  }
}
`);
  });

  it('creates the list and "contributes", in the file\'s indentation and line endings', () => {
    expect(insertContribution('{\r\n\t"host": "^1.0.0"\r\n}\r\n', 'steps', { id: 'a' })).toBe(
      '{\r\n\t"host": "^1.0.0",\r\n\t"contributes": {\r\n\t\t"steps": [\r\n\t\t\t{\r\n\t\t\t\t"id": "a"\r\n\t\t\t}\r\n\t\t]\r\n\t}\r\n}\r\n',
    );
    expect(insertContribution('{\n  "contributes": {}\n}\n', 'steps', { id: 'a' })).toBe(
      '{\n  "contributes": {\n    "steps": [\n      {\n        "id": "a"\n      }\n    ]\n  }\n}\n',
    );
  });

  it('refuses manifests it cannot extend safely', () => {
    expect(() => insertContribution('[]', 'steps', entry)).toThrow(
      'stack-plugin.json does not hold a JSON object',
    );
    expect(() => insertContribution('{ "contributes": { "steps": {} } }', 'steps', entry)).toThrow(
      '"contributes.steps" in stack-plugin.json is not a list',
    );
  });
});
