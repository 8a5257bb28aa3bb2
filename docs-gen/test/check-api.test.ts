import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ApiCheckResult,
  type Bump,
  checkPackageApi,
  generateDocs,
  loadBaseline,
} from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

/** The previous release: the fixture as committed, report included. */
const BASE = resolve(import.meta.dirname, 'fixtures', 'weather-plugin');

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ root, cleanup } = await scratch());
});
afterAll(() => cleanup());

/**
 * Builds a new version of the fixture (edited files), as its author would: docs generated,
 * the API report updated unless `staleReport`, and a changeset declaring `declared`.
 */
async function newVersion(
  name: string,
  edits: Record<string, (text: string) => string>,
  options: { staleReport?: boolean } = {},
) {
  const dir = await copyFixture(root, 'weather-plugin', name, edits);
  const docs = await generateDocs({ dir, out: join(root, `${name}-out`), format: 'md' });
  if (!options.staleReport)
    await writeFile(join(dir, 'etc', docs.apiReport.fileName), docs.apiReport.text);
  await mkdir(join(dir, '.changeset'), { recursive: true });
  return {
    dir,
    async check(declared: Bump | undefined): Promise<ApiCheckResult> {
      const file = join(dir, '.changeset', 'next.md');
      await writeFile(
        file,
        declared ? `---\n"@acme/weather-plugin": ${declared}\n---\n\nNext version.\n` : '',
      );
      return checkPackageApi({
        dir,
        packageName: docs.name,
        report: docs.apiReport,
        ...(docs.manifest ? { manifest: docs.manifest } : {}),
        baseDir: BASE,
      });
    },
  };
}

const summary = (r: ApiCheckResult) => ({
  ok: r.ok,
  required: r.required,
  declared: r.declared,
  changes: r.changes.map((c) => `${c.bump}${c.security ? ' [security]' : ''}: ${c.description}`),
  problems: r.problems.map((p) => p.error.code),
});

describe('docs --check on pairs of versions against declared changesets', () => {
  test('removed export: major; a minor changeset fails, a major one passes', async () => {
    const v = await newVersion('removed-export', {
      'src/index.ts': (s) => s.replace('  toFahrenheit,\n', ''),
      'docs/getting-started.md': (s) =>
        s.replace(', and temperatures can be converted with {@link toFahrenheit}', ''),
    });
    const minor = await v.check('minor');
    expect(summary(minor)).toEqual({
      ok: false,
      required: 'major',
      declared: 'minor',
      changes: ['major: removed export toFahrenheit'],
      problems: ['API_CHANGE_UNDECLARED'],
    });
    expect(minor.problems[0]).toEqual({
      error: {
        code: 'API_CHANGE_UNDECLARED',
        message:
          '"@acme/weather-plugin" has major changes (removed export toFahrenheit), but its changesets declare a minor bump.',
        hint: 'Run `npx changeset` and declare a major bump for "@acme/weather-plugin", or undo the change.',
        plugin: '@acme/weather-plugin',
      },
    });
    expect(summary(await v.check('major')).ok).toBe(true);
  });

  test('changed signature: major', async () => {
    const v = await newVersion('changed-signature', {
      'src/forecast.ts': (s) =>
        s
          .replace(
            'export function toFahrenheit(celsius: number): number {',
            'export function toFahrenheit(celsius: string): number {\n  const c = Number(celsius);',
          )
          .replace('Math.round(((celsius * 9)', 'Math.round(((c * 9)')
          .replace('toFahrenheit(21.5)', "toFahrenheit('21.5')"),
    });
    expect(summary(await v.check('minor'))).toEqual({
      ok: false,
      required: 'major',
      declared: 'minor',
      changes: ['major: changed the signature of toFahrenheit'],
      problems: ['API_CHANGE_UNDECLARED'],
    });
  });

  test('new optional member: minor; a patch changeset fails, a minor one passes', async () => {
    const v = await newVersion('optional-member', {
      'src/forecast.ts': (s) =>
        s.replace(
          '  highC: number;\n}',
          '  highC: number;\n  /** Lowest temperature, when known. */\n  lowC?: number;\n}',
        ),
    });
    expect(summary(await v.check('patch'))).toEqual({
      ok: false,
      required: 'minor',
      declared: 'patch',
      changes: ['minor: added optional member ForecastDay.lowC'],
      problems: ['API_CHANGE_UNDECLARED'],
    });
    expect(summary(await v.check('minor')).ok).toBe(true);
  });

  test('docs-only change: nothing to declare', async () => {
    const v = await newVersion('docs-only', {
      'src/forecast.ts': (s) => s.replace('rounded to one decimal', 'rounded to one decimal place'),
      'docs/getting-started.md': (s) =>
        s.replace('everything else has a default', 'every other option has a default'),
    });
    expect(summary(await v.check(undefined))).toEqual({
      ok: true,
      required: 'none',
      declared: 'none',
      changes: [],
      problems: [],
    });
  });

  test('new permission: at least minor and called out as security-relevant', async () => {
    const v = await newVersion('new-permission', {
      'stack-plugin.json': (s) => s.replace('    "state"\n', '    "state",\n    "exec:rg"\n'),
    });
    const patch = await v.check('patch');
    expect(summary(patch)).toEqual({
      ok: false,
      required: 'minor',
      declared: 'patch',
      changes: [
        'minor [security]: new permission exec:rg (risk high): Run the program "rg" (without a shell) with your user\'s rights.',
      ],
      problems: ['API_CHANGE_UNDECLARED'],
    });
    expect(patch.securityChanges).toHaveLength(1);
    expect(summary(await v.check('minor')).ok).toBe(true);
  });

  test('API changed but the committed report did not: API_REPORT_OUTDATED', async () => {
    const v = await newVersion(
      'stale-report',
      {
        'src/index.ts': (s) =>
          s.replace(
            "export const WEATHER_API = 'https://api.weather.example.com';",
            "export const WEATHER_API = 'https://api.weather.example.com';\n\n/** Default number of days. */\nexport const DEFAULT_DAYS = 3;",
          ),
      },
      { staleReport: true },
    );
    const result = await v.check('minor');
    expect(summary(result)).toEqual({
      ok: false,
      required: 'minor',
      declared: 'minor',
      changes: ['minor: added export DEFAULT_DAYS'],
      problems: ['API_REPORT_OUTDATED'],
    });
    expect(result.problems[0]?.error.message).toBe(
      'The public API of "@acme/weather-plugin" no longer matches its committed report etc/weather-plugin.api.md (added export DEFAULT_DAYS).',
    );
  });

  test('the baseline can come from a git ref without touching the checkout', async () => {
    const exec = promisify(execFile);
    const dir = await copyFixture(root, 'weather-plugin', 'git-repo');
    const git = (...args: string[]) =>
      exec('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    await git('init', '-q', '-b', 'main');
    await git('add', '.');
    await git('commit', '-q', '-m', 'v1');
    const manifest = await readFile(join(dir, 'stack-plugin.json'), 'utf8');
    await writeFile(
      join(dir, 'stack-plugin.json'),
      manifest.replace('    "state"\n', '    "state",\n    "env:HOME"\n'),
    );
    const docs = await generateDocs({ dir, out: join(root, 'git-out'), format: 'md' });
    const result = await checkPackageApi({
      dir,
      packageName: docs.name,
      report: docs.apiReport,
      ...(docs.manifest ? { manifest: docs.manifest } : {}),
    });
    expect(summary(result)).toMatchObject({
      ok: false,
      required: 'minor',
      problems: ['API_CHANGE_UNDECLARED'],
    });
    expect(result.baseline).toBe('main');
    const { stdout } = await git('status', '--porcelain');
    expect(stdout).toBe(' M stack-plugin.json\n');
  });

  test('a --base ref that does not exist is a usage error naming the ref', async () => {
    const exec = promisify(execFile);
    const dir = await copyFixture(root, 'weather-plugin', 'git-no-ref');
    await exec('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    const error = await loadBaseline({ dir, reportFile: 'x.api.md', baseRef: 'v9-nope' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'API_BASE_REF_NOT_FOUND',
      message: 'The git ref "v9-nope" does not exist.',
      data: { ref: 'v9-nope' },
      exitCode: 2,
    });
  });
});
