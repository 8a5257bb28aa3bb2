import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { run as scaffold, sha256 } from 'create-stack-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { packTemplates, serveTemplates, type TemplateRegistry } from './_template-registry.js';

const OLD = '0.1.0-git.8319579';
const OLD_TEMPLATES = fileURLToPath(
  new URL('./fixtures/upgrade/templates-8319579', import.meta.url),
);
const WORKSPACE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
const CURRENT = JSON.parse(
  await readFile(new URL('../../templates/package.json', import.meta.url), 'utf8'),
).version as string;

const git = (cwd: string, ...args: string[]) =>
  promisify(execFile)('git', args, { cwd }).then((r) => r.stdout);

let scratch: string;
let registry: TemplateRegistry;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'stack-cli-upgrade-'));
  const tarball = await packTemplates(OLD_TEMPLATES, scratch);
  registry = await serveTemplates(new Map([[OLD, tarball]]));
  env = { npm_config_cache: join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' };
});

afterAll(async () => {
  await registry?.close();
  await rm(scratch, { recursive: true, force: true });
});

/**
 * A micro project created by the scaffolder from the template set in `templatesDir`, its
 * node_modules linked to this workspace, committed to a fresh git repository.
 */
async function generate(name: string, templatesDir?: string): Promise<string> {
  const cwd = join(scratch, `${name}-parent`);
  await mkdir(cwd);
  const output = new PassThrough();
  output.resume();
  const code = await scaffold(
    [
      name,
      '--template',
      'micro',
      '--description',
      'Text tools',
      '--yes',
      '--no-install',
      '--no-git',
    ],
    {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdin: new PassThrough(),
      stdout: output,
      stderr: output,
      ...(templatesDir === undefined ? {} : { templatesDir }),
    },
  );
  expect(code).toBe(0);
  const dir = join(cwd, name);
  await symlink(WORKSPACE_MODULES, join(dir, 'node_modules'), 'junction');
  await git(dir, 'init', '-q', '-b', 'main');
  // .gitignore's "node_modules/" matches folders only, and this node_modules is a link.
  await writeFile(join(dir, '.git/info/exclude'), 'node_modules\n');
  await commit(dir, 'generated');
  return dir;
}

async function commit(dir: string, message: string) {
  await git(dir, 'add', '-A');
  await git(
    dir,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@example.com',
    'commit',
    '-q',
    '-m',
    message,
  );
}

async function edit(file: string, from: string, to: string) {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

const upgrade = (dir: string, ...args: string[]) =>
  runCli(['upgrade', '--registry', registry.url, ...args], { cwd: dir, env });

describe('stack-plugin upgrade', () => {
  it('upgrades a project of an older template version: replaces, merges, marks the conflict, migrates, passes its tests, and a second run changes nothing', async () => {
    const dir = await generate('text-tools', OLD_TEMPLATES);
    const record = JSON.parse(await readFile(join(dir, '.stack-plugin/template.json'), 'utf8'));
    expect(record.templateVersion).toBe(OLD);

    // The author's edits: one merges cleanly, one conflicts, one uses a name the kit renamed.
    await edit(
      join(dir, 'package.json'),
      '"validate": "stack-plugin validate",',
      '"validate": "stack-plugin validate",\n    "hello": "node -e \\"console.log(1)\\"",',
    );
    await edit(
      join(dir, 'README.md'),
      '- `npm run test`: builds, then runs the unit tests',
      '- `npm run test`: runs every suite we have, the unit tests',
    );
    await writeFile(
      join(dir, 'src/text.ts'),
      `${await readFile(join(dir, 'src/text.ts'), 'utf8')}
import { createError, errorCatalog } from '@stack-plugin/pdk';

/** Refuse empty text. */
export function assertText(text: string): string {
  if (text === '') throw createError(errorCatalog.INTERNAL, { detail: 'empty text' });
  return text;
}
`,
    );
    await commit(dir, 'author edits');

    const plan = await upgrade(dir, '--dry-run');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(
      `Upgrade plan, template ${OLD} -> ${CURRENT} (dry run: nothing was written)`,
    );
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const result = await upgrade(dir, '--yes', '--no-install');
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stdout.split('\n');
    const table = lines.indexOf('  replaced  merged  conflicted  added  migrated  skipped');
    expect(table, result.stdout).toBeGreaterThan(0);
    const counts = (lines[table + 1] ?? '').trim().split(/\s+/).map(Number);
    const replaced = result.stdout.match(/^ {2}replaced {3}/gm)?.length ?? 0;
    expect(replaced).toBeGreaterThan(5);
    expect(counts).toEqual([replaced, 1, 1, 0, 1, 0]);
    expect(result.stdout).toContain('  merged     package.json\n');
    expect(result.stdout).toContain('  conflicted README.md (1 conflict: resolve the markers)\n');
    expect(result.stdout).toContain('  migrated   src/text.ts: errorCatalog -> pdkErrors\n');
    expect(result.stdout).toMatch(/ {2}test {6}ok\n/);
    expect(result.stdout).toMatch(/ {2}validate {2}ok\n/);

    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.hello).toBe('node -e "console.log(1)"');
    expect(pkg.scripts.dev).toBe('stack-plugin dev');
    expect(pkg.dependencies['@stack-plugin/pdk']).toBe(`^${CURRENT}`);
    expect(pkg.devDependencies['@stack-plugin/test-harness']).toBe(`^${CURRENT}`);

    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(
      [
        '<<<<<<< yours',
        '- `npm run test`: runs every suite we have, the unit tests, the tests against the real host and the',
        '=======',
      ].join('\n'),
    );
    expect(readme).toContain(`>>>>>>> template ${CURRENT}\n`);
    expect(readme).toContain('- `npx stack-plugin upgrade`');

    const text = await readFile(join(dir, 'src/text.ts'), 'utf8');
    expect(text).toContain("import { createError, pdkErrors } from '@stack-plugin/pdk';");
    expect(text).toContain("throw createError(pdkErrors.INTERNAL, { detail: 'empty text' });");
    expect(text).not.toContain('errorCatalog');

    const next = JSON.parse(await readFile(join(dir, '.stack-plugin/template.json'), 'utf8'));
    expect(next.templateVersion).toBe(CURRENT);
    expect(next.answers).toEqual({
      name: 'text-tools',
      description: 'Text tools',
      pm: 'npm',
      year: record.answers.year,
    });
    expect(next.files['vitest.config.ts']).toBe(
      sha256(await readFile(join(dir, 'vitest.config.ts'))),
    );
    expect(next.files['.github/workflows/ci.yml']).toBe(
      sha256(await readFile(join(dir, '.github/workflows/ci.yml'))),
    );
    expect(await readFile(join(dir, '.github/workflows/ci.yml'), 'utf8')).toContain('# upgrade:');

    // Nothing beside the project's files: no temporary or staging file was left.
    const status = (await git(dir, 'status', '--porcelain', '--untracked-files=all')).split('\n');
    expect(status.filter((l) => l.startsWith('??'))).toEqual([]);

    await commit(dir, 'upgrade');
    const again = await upgrade(dir, '--yes', '--no-install');
    expect(again).toEqual({
      code: 0,
      stdout: `The project is on template ${CURRENT} already: nothing to upgrade.\n`,
      stderr: '',
    });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  }, 240_000);
});
