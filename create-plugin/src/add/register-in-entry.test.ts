import { describe, expect, it } from 'vitest';
import { registerInEntry } from './register-in-entry.js';

const entry = `import { definePlugin } from '@stack-plugin/pdk';
import { a } from './a.js';
import { z } from './z.js';

export default definePlugin({
  async activate(ctx) {
    await ctx.commands.register('a', a);
  },
});
`;

describe('registerInEntry', () => {
  it('imports the handler in sorted position and registers it first in activate', () => {
    expect(registerInEntry(entry, { kind: 'skills', id: 'm.n', fn: 'mN', file: 'm-n' })).toBe(
      `import { definePlugin } from '@stack-plugin/pdk';
import { a } from './a.js';
import { mN } from './m-n.js';
import { z } from './z.js';

export default definePlugin({
  async activate(ctx) {
    await ctx.skills.register('m.n', mN);
    await ctx.commands.register('a', a);
  },
});
`,
    );
  });

  it('breaks a registration longer than the line width as Biome would', () => {
    const id = `x.${'long'.repeat(20)}`;
    const out = registerInEntry(entry, { kind: 'transformers', id, fn: 'xLong', file: 'x-long' });
    expect(out).toContain(
      `  async activate(ctx) {\n    await ctx.transformers.register(\n      '${id}',\n      xLong,\n    );\n`,
    );
  });

  it('gives up on an entry without activate(ctx)', () => {
    expect(
      registerInEntry('export default {};\n', { kind: 'steps', id: 'a', fn: 'a', file: 'a' }),
    ).toBeUndefined();
  });
});
