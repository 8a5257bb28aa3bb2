import { toErrorJson } from '@stack-plugin/pdk/errors';
import { describe, expect, it } from 'vitest';
import { assertToolInstalled, loadTool } from './_load-tool.js';

const missing = (id: string): string => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('author tools loaded on demand', () => {
  it('names the command and the install line when a tool is missing', () => {
    let thrown: unknown;
    try {
      assertToolInstalled('esbuild', 'build', missing);
    } catch (error) {
      thrown = error;
    }
    expect(toErrorJson(thrown)).toEqual({
      error: {
        code: 'TOOL_NOT_INSTALLED',
        message:
          '`stack-plugin build` needs esbuild, which is not installed: the CLI leaves author tools (and the MCP server) out of host installs.',
        hint: 'Install it beside the CLI: `npm install --save-dev esbuild@^0.28.2` (plugin projects made by create-stack-plugin list the author tools already).',
      },
    });
  });

  it('loads an installed tool', async () => {
    const { version } = await loadTool('esbuild', 'build', () => import('esbuild'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
