import { describe, expect, it } from 'vitest';
import { bumpDependencies } from './_bump-dependencies.js';

describe('bumpDependencies', () => {
  it('moves every @stack-plugin/* range to the kit version, and pinned tools only where the template pin is kept', () => {
    const text = `{
  "name": "x",
  "dependencies": {
    "@stack-plugin/pdk": "^0.1.0",
    "left-pad": "1.3.0"
  },
  "devDependencies": {
    "@stack-plugin/cli": "~0.1.2",
    "@stack-plugin/test-harness": "file:../harness",
    "typescript": "6.0.3",
    "vitest": "5.2.0"
  }
}
`;
    const result = bumpDependencies(text, {
      kitVersion: '0.2.0',
      oldTools: { typescript: '6.0.3', vitest: '5.1.1' },
      newTools: { typescript: '6.1.0', vitest: '5.3.0' },
    });
    expect(result.bumps).toEqual([
      { name: '@stack-plugin/pdk', from: '^0.1.0', to: '^0.2.0' },
      { name: '@stack-plugin/cli', from: '~0.1.2', to: '^0.2.0' },
      { name: 'typescript', from: '6.0.3', to: '6.1.0' },
    ]);
    expect(result.text).toBe(`{
  "name": "x",
  "dependencies": {
    "@stack-plugin/pdk": "^0.2.0",
    "left-pad": "1.3.0"
  },
  "devDependencies": {
    "@stack-plugin/cli": "^0.2.0",
    "@stack-plugin/test-harness": "file:../harness",
    "typescript": "6.1.0",
    "vitest": "5.2.0"
  }
}
`);
    expect(
      bumpDependencies(result.text, { kitVersion: '0.2.0', oldTools: {}, newTools: {} }),
    ).toEqual({
      text: result.text,
      bumps: [],
    });
  });
});
