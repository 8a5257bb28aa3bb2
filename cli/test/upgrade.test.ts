import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
const REPO = fileURLToPath(new URL('../..', import.meta.url));
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
  // The project's `npm test` runs `stack-plugin build`, and the interrupt test the real bin:
  // both run cli/dist, so build it (incremental, cheap after `npm run build`, as in CI).
  await promisify(execFile)(
    process.execPath,
    [join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    { cwd: REPO },
  );
  scratch = await mkdtemp(join(tmpdir(), 'stack-cli-upgrade-'));
  const tarball = await packTemplates(OLD_TEMPLATES, scratch);
  registry = await serveTemplates(new Map([[OLD, tarball]]));
  env = { npm_config_cache: join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' };
}, 120_000);

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

  it('Ctrl-C half-way through writing puts every file back and leaves nothing behind', async () => {
    const dir = await generate('interrupted', OLD_TEMPLATES);
    const temp = join(scratch, 'interrupted-tmp');
    await mkdir(temp);
    const child = spawn(
      process.execPath,
      [join(REPO, 'cli/bin/stack-plugin.js'), 'upgrade', '--yes', '--registry', registry.url],
      {
        cwd: dir,
        env: {
          ...process.env,
          ...env,
          TMPDIR: temp,
          NODE_DISABLE_COMPILE_CACHE: '1',
          STACK_PLUGIN_TEST_HOOK: 'pause-mid-write',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('[test-hook] paused mid-write')) resolve();
      });
      child.on('close', () => resolve());
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain(
      'Interrupted (SIGINT): putting every file back...\nThe upgrade was undone, no file changed.\n',
    );
    expect(await git(dir, 'status', '--porcelain', '--untracked-files=all', '--ignored')).toBe(
      '!! node_modules\n',
    );
    expect(await readdir(temp)).toEqual([]);
  }, 120_000);

  describe('refuses bad input with a coded error and writes nothing', () => {
    const refusal = async (dir: string, ...args: string[]) => {
      const result = await upgrade(dir, '--json', ...args);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(await git(dir, 'status', '--porcelain')).toBe('');
      const error = JSON.parse(result.stderr).error;
      return { ...error, message: error.message.replaceAll(dir, '<dir>') };
    };
    const setRecord = async (dir: string, text: string) => {
      await writeFile(join(dir, '.stack-plugin/template.json'), text);
      await commit(dir, 'record');
    };

    it('without a template record', async () => {
      const dir = await generate('no-record');
      await rm(join(dir, '.stack-plugin'), { recursive: true });
      await commit(dir, 'no record');
      expect(await refusal(dir, '--yes')).toEqual({
        code: 'UPGRADE_NO_TEMPLATE_RECORD',
        message:
          '<dir> has no .stack-plugin/template.json, so there is no record of the template version and files it was generated from.',
        hint: 'Run `stack-plugin upgrade` in the root of a project made by `npm create stack-plugin` (the folder with package.json and .stack-plugin/). A project made by hand has nothing to upgrade from: compare it with a fresh `npm create stack-plugin` instead.',
      });
    });

    it('with a corrupt record: not JSON, a broken hash, a path outside the project', async () => {
      const dir = await generate('corrupt-record');
      const record = JSON.parse(await readFile(join(dir, '.stack-plugin/template.json'), 'utf8'));
      const hint =
        'Restore the file from version control (`git checkout -- .stack-plugin/template.json`); it is written by the scaffolder and by `stack-plugin upgrade`, never by hand.';
      await setRecord(dir, '{"template": "micro",');
      expect(await refusal(dir, '--yes')).toEqual({
        code: 'UPGRADE_TEMPLATE_RECORD_INVALID',
        message: expect.stringMatching(
          /^\.stack-plugin\/template\.json cannot be used: it is not valid JSON \(.+\)\.$/,
        ),
        hint,
      });
      await setRecord(
        dir,
        JSON.stringify({ ...record, files: { ...record.files, 'package.json': 'sha256-12ab' } }),
      );
      expect(await refusal(dir, '--yes')).toEqual({
        code: 'UPGRADE_TEMPLATE_RECORD_INVALID',
        message:
          '.stack-plugin/template.json cannot be used: the hash of package.json is "sha256-12ab", not sha256-<64 hex digits>.',
        hint,
      });
      await setRecord(
        dir,
        JSON.stringify({
          ...record,
          files: { ...record.files, '../outside': record.files['package.json'] },
        }),
      );
      expect((await refusal(dir, '--yes')).message).toBe(
        '.stack-plugin/template.json cannot be used: the file path "../outside" is not inside the project.',
      );
    });

    it('with a version that is not semver, newer than the CLI, or not published', async () => {
      const dir = await generate('versions');
      expect(await refusal(dir, '--yes', '--to', 'latest')).toEqual({
        code: 'UPGRADE_VERSION_UNKNOWN',
        message:
          'Template version "latest" cannot be used: it is not a semver version (like 1.2.3).',
        hint: 'Pass --to with a released kit version (`npm view @stack-plugin/templates versions`); if the version is recorded in .stack-plugin/template.json, check that the registry (npm config get registry, or --registry) serves @stack-plugin/templates.',
      });
      expect(await refusal(dir, '--yes', '--to', '99.0.0')).toEqual({
        code: 'UPGRADE_TARGET_TOO_NEW',
        message: `The upgrade to 99.0.0 was asked of stack-plugin ${CURRENT}, which does not know the migrations of versions after its own.`,
        hint: `Run the newer CLI: \`npx @stack-plugin/cli@99.0.0 upgrade\`, or choose a --to version up to ${CURRENT}.`,
      });
      const record = JSON.parse(await readFile(join(dir, '.stack-plugin/template.json'), 'utf8'));
      await setRecord(dir, JSON.stringify({ ...record, templateVersion: '0.0.7' }));
      const unpublished = await refusal(dir, '--yes');
      expect(unpublished.code).toBe('UPGRADE_VERSION_UNKNOWN');
      expect(unpublished.message).toMatch(
        /^Template version "0\.0\.7" cannot be used: @stack-plugin\/templates@0\.0\.7 could not be fetched \(`npm pack .*\)\.$/,
      );
      expect(registry.requests).toContain('/@stack-plugin/templates');
    });

    it('with uncommitted changes (unless --force), and without a terminal to confirm (unless --yes)', async () => {
      const dir = await generate('dirty', OLD_TEMPLATES);
      await writeFile(join(dir, 'notes.txt'), 'mine\n');
      const result = await upgrade(dir, '--yes', '--json');
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stderr).error).toEqual({
        code: 'UPGRADE_UNCOMMITTED_CHANGES',
        message: `${dir} has uncommitted changes (notes.txt), so the changes of the upgrade could not be told apart from yours.`,
        hint: 'Commit or stash your changes first, so `git diff` shows exactly what the upgrade did; or pass --force to upgrade anyway.',
      });
      await rm(join(dir, 'notes.txt'));
      const before = await git(dir, 'rev-parse', 'HEAD');
      expect(await refusal(dir)).toEqual({
        code: 'UPGRADE_CONFIRMATION_REQUIRED',
        message: expect.stringMatching(
          /^The upgrade would change \d+ files and there is no terminal to ask for confirmation\.$/,
        ),
        hint: 'Run `stack-plugin upgrade --dry-run` to see the plan, then `stack-plugin upgrade --yes` to apply it.',
      });
      expect(await git(dir, 'rev-parse', 'HEAD')).toBe(before);
    });
  });
});
