import { describe, expect, it } from 'vitest';
import { compilePluginBundle } from './plugin-bundle.js';

/** Evaluates a compiled script the way the sandbox does (without SES) and returns the default. */
async function run(source: string): Promise<unknown> {
  const script = await compilePluginBundle(source, 'bundle.js');
  return (new Function(`return ${script}`)() as () => Promise<unknown>)();
}

describe('compilePluginBundle', () => {
  it('binds `export default <expression>`', async () => {
    expect(await run('const x = 2;\nexport default { x, s: "export default 1" };')).toEqual({
      x: 2,
      s: 'export default 1',
    });
  });

  it('keeps `export default function name() {}` as a declaration', async () => {
    const fn = (await run(
      'export default function plugin() { return typeof plugin; }',
    )) as () => string;
    expect(fn()).toBe('function');
  });

  it('turns an esbuild-style export clause into the default', async () => {
    const source =
      'var index_default = { a: 1 };\nvar other = 2;\nexport {\n  index_default as default,\n  other\n};\n';
    expect(await run(source)).toEqual({ a: 1 });
  });

  it('strips `export` from named declarations and supports top-level await', async () => {
    expect(
      await run(
        'export const a = await Promise.resolve(1);\nexport function b() { return a; }\nexport default b();',
      ),
    ).toBe(1);
  });

  it.each([
    ['import fs from "node:fs";\nexport default fs;', 'an import of "node:fs"'],
    ['export * from "./x.js";\nexport default 1;', 'an import of "./x.js"'],
    ['export default await import("node:fs");', 'a dynamic import()'],
    ['export default import.meta.url;', 'import.meta'],
  ])('refuses what would need linking: %s', async (source, what) => {
    await expect(compilePluginBundle(source, 'bundle.js')).rejects.toThrow(
      `bundle.js contains ${what}; a sandboxed plugin must be one self-contained bundle (build it with \`stack-plugin build\`)`,
    );
  });

  it('refuses a bundle without a default export', async () => {
    await expect(compilePluginBundle('export const a = 1;', 'bundle.js')).rejects.toThrow(
      'bundle.js has no default export; export the definePlugin({...}) result as default',
    );
  });
});
