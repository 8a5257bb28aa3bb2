import { describe, expect, test } from 'vitest';
import { exampleBlocks, exampleModules } from './example-check.js';

describe('exampleBlocks', () => {
  test('takes TypeScript and JavaScript fences, skips other languages and nocheck fences', () => {
    const text = [
      '```ts\nconst a = 1;\n```',
      '```json\n{"a": 1}\n```',
      '```js\nlet b = 2;\n```',
      '```ts nocheck\nconst c = ...;\n```',
      '```\nplain();\n```',
    ].join('\n');
    expect(exampleBlocks(text)).toEqual(['const a = 1;\n', 'let b = 2;\n', 'plain();\n']);
  });

  test('an example without a fence is all code', () => {
    expect(exampleBlocks('add(1, 2);')).toEqual(['add(1, 2);']);
    expect(exampleBlocks('  ')).toEqual([]);
  });
});

describe('exampleModules', () => {
  test('imports the exported names an example uses, and points package imports at the entry', () => {
    const modules = exampleModules({
      entry: '/p/src/index.ts',
      packageName: '@acme/p',
      exported: ['add', 'Point', 'unused'],
      examples: [
        { symbol: 'add', code: 'const sum = add(1, 2);' },
        {
          symbol: 'Point',
          code: "import { add } from '@acme/p';\nconst p: Point = { x: add(1, 2), y: 0 };",
        },
        { symbol: 'local', code: 'function add(a: number) { return a; }' },
      ],
    });
    expect([...modules.files.values()]).toEqual([
      "import { add } from '../index.js';\nconst sum = add(1, 2);\nexport {};\n",
      "import { Point } from '../index.js';\nimport { add } from '../index.js';\nconst p: Point = { x: add(1, 2), y: 0 };\nexport {};\n",
      'function add(a: number) { return a; }\nexport {};\n',
    ]);
    expect([...modules.meta.values()].map((m) => m.offset)).toEqual([1, 1, 0]);
  });
});
