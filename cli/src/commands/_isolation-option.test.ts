import { ISOLATION_LEVELS } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { isolationOption } from './_isolation-option.js';

describe('isolationOption', () => {
  it('accepts every level the pdk defines, and an absent flag', async () => {
    for (const level of ISOLATION_LEVELS) expect(await isolationOption(level, 'run')).toBe(level);
    expect(await isolationOption(undefined, 'run')).toBeUndefined();
  });

  it('refuses another word with BAD_USAGE naming the command and the levels', async () => {
    await expect(isolationOption('sandboxed', 'mcp')).rejects.toMatchObject({
      code: 'BAD_USAGE',
      message: expect.stringContaining(`--isolation must be one of ${ISOLATION_LEVELS.join(', ')}`),
    });
    await expect(isolationOption('sandboxed', 'mcp')).rejects.toMatchObject({
      data: expect.objectContaining({ command: 'mcp' }),
    });
  });
});
