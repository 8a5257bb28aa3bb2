import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePluginTypes } from '../src/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/typed-plugin', import.meta.url));
let dir: string;

/** Type-check the temp plugin project; returns its own diagnostics as `file:line TScode message`. */
function typecheck(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram(config.fileNames, config.options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || !relative(dir, d.file.fileName).startsWith('..'))
    .map((d) => {
      const where = d.file
        ? `${relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '-';
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
      return `${where} TS${d.code} ${text}`;
    })
    .sort();
}

async function setPermissions(permissions: string[]): Promise<void> {
  const file = join(dir, 'stack-plugin.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.permissions = permissions;
  await writeFile(file, JSON.stringify(manifest, null, 2));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stack-typegen-'));
  await cp(fixture, dir, { recursive: true });
  await mkdir(join(dir, 'node_modules', '@stack-plugin'), { recursive: true });
  await symlink(join(repo, 'pdk'), join(dir, 'node_modules', '@stack-plugin', 'pdk'), 'dir');
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2023',
        lib: ['es2023'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        // Resolve the pdk to its TypeScript sources, as the workspace does.
        customConditions: ['source'],
        typeRoots: [join(repo, 'node_modules', '@types')],
        types: ['node'],
      },
      include: ['src', 'stack-plugin-env.d.ts'],
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each test type-checks a project against pdk's sources twice or three times: ~3 s on an idle
// machine, over 20 s on a loaded one.
describe('typegen output in a plugin project', { timeout: 90_000 }, () => {
  it('types ctx from the manifest: config, contributions, and only granted capabilities', async () => {
    const result = await generatePluginTypes(dir);
    expect(result).toMatchObject({
      file: join(dir, 'stack-plugin-env.d.ts'),
      stale: true,
      written: true,
    });
    expect(typecheck()).toEqual([]);

    await writeFile(
      join(dir, 'src', 'mistakes.ts'),
      [
        "import { definePlugin } from '@stack-plugin/pdk';",
        'export default definePlugin({',
        '  async activate(ctx) {',
        '    ctx.config.gretting;',
        '    const n: number = ctx.config.mode;',
        "    await ctx.commands.register('great', () => ({ greeting: 'x' }));",
        "    await ctx.commands.register('greet', (input) => ({ greeting: input.nmae }));",
        "    await ctx.net.fetch('https://api.example.com/');",
        '    return n === 0 ? undefined : undefined;',
        '  },',
        '});',
        '',
      ].join('\n'),
    );
    expect(typecheck()).toEqual([
      "src/mistakes.ts:4 TS2551 Property 'gretting' does not exist on type 'Readonly<{ greeting: string; retries?: number | undefined; mode: \"polite\" | \"terse\"; }>'. Did you mean 'greeting'?",
      "src/mistakes.ts:5 TS2322 Type 'string' is not assignable to type 'number'.",
      'src/mistakes.ts:6 TS2345 Argument of type \'"great"\' is not assignable to parameter of type \'"greet"\'.',
      "src/mistakes.ts:7 TS2339 Property 'nmae' does not exist on type '{ name: string; }'.",
      expect.stringMatching(/^src\/mistakes\.ts:8 TS2339 Property 'net' does not exist on type /),
    ]);
  });

  it('allows ctx.net.fetch once a net: permission is granted and typegen re-run', async () => {
    await setPermissions(['state', 'env:GREETER_TOKEN', 'net:api.example.com']);
    expect(await generatePluginTypes(dir, { check: true })).toMatchObject({
      stale: true,
      written: false,
    });
    await generatePluginTypes(dir);
    const errors = typecheck();
    expect(errors.some((e) => e.includes("Property 'net'"))).toBe(false);
    expect(errors).toHaveLength(4);

    // And taking the permission away makes it a compile error again.
    await setPermissions(['env:GREETER_TOKEN']);
    await generatePluginTypes(dir);
    expect(typecheck()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/index\.ts:9 TS2339 Property 'state' does not exist on type /),
        expect.stringMatching(/^src\/mistakes\.ts:8 TS2339 Property 'net' does not exist on type /),
      ]),
    );
  });

  it('types ctx.host from the descriptors a host publishes (package.json stackPlugin.hostCapabilities)', async () => {
    await writeFile(
      join(dir, 'tickets.mjs'),
      `export const tickets = ${JSON.stringify({
        name: 'acme.tickets',
        service: 'acme.tickets',
        ctx: 'host.acme.tickets',
        title: 'Acme tickets',
        summary: 'Open tickets.',
        risk: 'medium',
        crossesSandbox: true,
        docs: 'tickets',
        permissions: [{ kind: 'acme.tickets', grammar: 'acme.tickets', target: 'none' }],
        methods: {
          create: {
            summary: 'Opens a ticket.',
            permission: 'acme.tickets',
            params: [
              {
                type: 'object',
                properties: { title: { type: 'string' } },
                required: ['title'],
                additionalProperties: false,
              },
            ],
            result: {
              type: 'object',
              properties: { id: { type: 'string' } },
              required: ['id'],
              additionalProperties: false,
            },
          },
        },
      })};\n`,
    );
    const pkgFile = join(dir, 'package.json');
    const pkg = JSON.parse(await readFile(pkgFile, 'utf8'));
    await writeFile(
      pkgFile,
      JSON.stringify({ ...pkg, stackPlugin: { hostCapabilities: ['./tickets.mjs'] } }),
    );
    await setPermissions(['state', 'env:GREETER_TOKEN', 'acme.tickets']);
    const { content } = await generatePluginTypes(dir);
    expect(content).toContain("  interface HostCapabilityTypes {\n    'acme.tickets': {\n");
    await writeFile(
      join(dir, 'src', 'tickets.ts'),
      [
        "import { definePlugin } from '@stack-plugin/pdk';",
        'export default definePlugin({',
        '  async activate(ctx) {',
        "    const { id } = await ctx.host['acme.tickets'].create({ title: 'x' });",
        '    const n: number = id;',
        "    await ctx.host['acme.tickets'].create({ titel: 'x' });",
        "    await ctx.host['acme.billing']?.charge(1);",
        '    return n === 0 ? undefined : undefined;',
        '  },',
        '});',
        '',
      ].join('\n'),
    );
    expect(typecheck().filter((e) => e.startsWith('src/tickets.ts'))).toEqual([
      "src/tickets.ts:5 TS2322 Type 'string' is not assignable to type 'number'.",
      "src/tickets.ts:6 TS2561 Object literal may only specify known properties, but 'titel' does not exist in type '{ title: string; }'. Did you mean to write 'title'?",
    ]);
  });
});
