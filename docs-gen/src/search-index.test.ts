import { describe, expect, it } from 'vitest';
import { plainText } from './search-index.js';

describe('plainText', () => {
  // Regression: snippets showed raw table syntax ("| --- | --- |").
  it('drops table rules and pipes, keeps the words and ids', () => {
    expect(
      plainText(
        '| Step | Uses |\n| --- | :---: |\n| `bump` | `steps:version.bump` |\nA range --- of dashes? no: a-b',
      ),
    ).toBe('Step Uses bump steps:version.bump A range of dashes? no: a-b');
  });
});
