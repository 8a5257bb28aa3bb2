// The plugin author's day, end to end on loopback: the kit on a local registry (as
// `npm run registry` serves it), `npm create stack-plugin@latest <own name>` from it,
// `stack-plugin dev` in a pseudo-terminal (util-linux `script`) where an edited handler answers
// anew without a restart, `npm test` with a deliberately failing matcher whose failure names the
// command and the hint, `npm run docs` (its site checked in Chromium: the one search finds a
// command id, the workflow page shows its diagram) and `stack-plugin pack` with no docs inside.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitRegistry, startKitRegistry } from './support/kit-registry.ts';
import { Phases } from './support/phases.ts';
import { run } from './support/run.ts';

const repo = join(import.meta.dirname, '..');
const phases = new Phases();
const name = 'acme-release-notes';
let kit: KitRegistry;
let dir: string;

beforeAll(async () => {
  await phases.run('build the workspace (npm run build)', () =>
    run('npm', ['run', 'build'], { cwd: repo, env: { ...process.env } as Record<string, string> }),
  );
  kit = await startKitRegistry({ repo, phases });
});

afterAll(async () => {
  console.log(
    `\n${phases.summary(`Author e2e (registry ${kit?.registry.url ?? 'not started'})`)}\n`,
  );
  await kit?.registry.stop();
});

/** A process in a pseudo-terminal: `script` gives it a TTY, we type on its standard input. */
class Terminal {
  output = '';
  readonly #child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;
  constructor(command: string, cwd: string, env: Record<string, string>) {
    this.#child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env });
    this.#child.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    this.#child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    this.exited = new Promise((resolve) => this.#child.on('close', (code) => resolve(code ?? 1)));
  }
  type(line: string): void {
    this.#child.stdin.write(`${line}\n`);
  }
  /** Waits until the output after `from` matches, or fails after `ms` with what was seen. */
  async waitFor(pattern: RegExp, from = 0, ms = 60_000): Promise<number> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.output.slice(from).search(pattern);
      if (index !== -1) return from + index;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern}; the terminal shows:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  kill(): void {
    this.#child.kill('SIGTERM');
  }
}

describe("a plugin author's day", () => {
  it('creates a project of their own from the local registry, with the printed command', async () => {
    const projects = join(kit.registry.root, 'projects');
    await mkdir(projects, { recursive: true });
    const command = kit.createCommand(name, ['--template', 'workflow', '--yes']);
    expect(command).toBe(
      `npm create stack-plugin@latest ${name} --registry ${kit.registry.url} -- --template workflow --yes`,
    );
    await phases.run('npm create stack-plugin (own name)', () =>
      run('sh', ['-c', command], { cwd: projects, env: kit.env }),
    );
    dir = join(projects, name);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name, scripts: { dev: 'stack-plugin dev' } });
    const lock = await readFile(join(dir, 'package-lock.json'), 'utf8');
    expect(lock).toContain(kit.registry.url);
    // The lockfile names the registry, so the project reinstalls while it runs.
    await phases.run('npm ci in the created project', () =>
      run('npm', ['ci'], { cwd: dir, env: kit.env }),
    );
  });

  it('runs stack-plugin dev in a terminal and sees an edited handler answer without a restart', async () => {
    const terminal = new Terminal('npm run dev', dir, kit.env);
    try {
      await terminal.waitFor(/Loaded acme-release-notes 0\.1\.0 \(limited isolation\)/);
      await terminal.waitFor(/dev> /);
      const input = JSON.stringify({ current: '1.4.0', commits: ['feat: dark mode'] });
      let mark = terminal.output.length;
      terminal.type(`run release.plan ${input}`);
      await terminal.waitFor(/"version": "1\.5\.0"/, mark);
      expect(terminal.output.slice(mark)).toContain('### Features');

      const release = join(dir, 'src/release.ts');
      const source = await readFile(release, 'utf8');
      expect(source).toContain("['Features',");
      mark = terminal.output.length;
      await writeFile(release, source.replace("['Features',", "['New features',"));
      await terminal.waitFor(/Reloaded acme-release-notes/, mark);
      mark = terminal.output.length;
      terminal.type(`run release.plan ${input}`);
      await terminal.waitFor(/"version": "1\.5\.0"/, mark);
      expect(terminal.output.slice(mark)).toContain('### New features');

      mark = terminal.output.length;
      terminal.type('status');
      await terminal.waitFor(/"reloads": 1/, mark);
      // Undo the edit, so the project's own tests hold again for the next step.
      mark = terminal.output.length;
      await writeFile(release, source);
      await terminal.waitFor(/Reloaded acme-release-notes/, mark);
      terminal.type('quit');
      expect(await terminal.exited).toBe(0);
      expect(terminal.output).toContain('Dev host stopped.');
    } finally {
      terminal.kill();
    }
  });

  it('runs npm test; a failing matcher names the command and the hint', async () => {
    const test = join(dir, 'test/author.test.ts');
    await writeFile(
      test,
      [
        "import { fileURLToPath } from 'node:url';",
        "import { mountPlugin } from '@stack-plugin/test-harness';",
        "import { expect, it } from 'vitest';",
        '',
        "it('plans a release from a version the schema refuses', async () => {",
        "  const plugin = await mountPlugin(fileURLToPath(new URL('..', import.meta.url)));",
        "  await expect(plugin).toRespondWith('release.plan', { current: '1.4', commits: [] }, {",
        "    version: '1.4.0', level: 'none', notes: '', changes: 0, ignored: 0,",
        '  });',
        '});',
        '',
      ].join('\n'),
    );
    const result = await phases.run('npm test with a failing matcher', () =>
      run('npm', ['test'], { cwd: dir, env: kit.env, allowFailure: true }),
    );
    const text = `${result.stdout}${result.stderr}`;
    expect(result.code).not.toBe(0);
    expect(text).toMatch(/expected "release\.plan" of plugin "acme-release-notes" to respond with/);
    expect(text).toMatch(/VALIDATION_FAILED: .*\n?.*hint: /);
    expect(text).toMatch(/Tests\s+1 failed \| \d+ passed/);
  });

  it('builds the docs outside dist/, and the site searches and draws the workflow', async () => {
    await phases.run('npm run docs', () => run('npm', ['run', 'docs'], { cwd: dir, env: kit.env }));
    const site = join(dir, 'docs-site', 'html');
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'docs'))).toBe(false);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      // One search: the kit's box, typedoc's own header search hidden.
      await expect(page.locator('#tsd-search-trigger').isVisible()).resolves.toBe(false);
      await page.locator('#stack-search-input').fill('release.plan');
      await page.locator('#stack-search-results li a').first().waitFor();
      const titles = await page
        .locator('#stack-search-results .stack-search-title')
        .allTextContents();
      expect(titles.some((t) => t.includes('release.plan'))).toBe(true);
      const snippets = await page
        .locator('#stack-search-results .stack-search-snippet')
        .allTextContents();
      expect(snippets.join(' ')).not.toMatch(/\| ---|---/);

      await page.locator('#stack-search-input').fill('release.prepare');
      const workflowLink = page
        .locator('#stack-search-results li a', { hasText: 'Workflows' })
        .first();
      await workflowLink.waitFor();
      await workflowLink.click();
      const diagram = page.locator('svg.stack-workflow-diagram').first();
      await diagram.waitFor();
      expect(await diagram.isVisible()).toBe(true);
      expect(await page.locator('svg.stack-workflow-diagram .stack-workflow-step').count()).toBe(3);
      expect(await page.locator('svg.stack-workflow-diagram .stack-workflow-edge').count()).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('packs only runtime files: no docs in the tarball', async () => {
    const out = join(kit.registry.root, 'packs');
    await mkdir(out, { recursive: true });
    const packed = await phases.run('stack-plugin pack', () =>
      run(join(dir, 'node_modules', '.bin', 'stack-plugin'), ['pack', '--out', out, '--json'], {
        cwd: dir,
        env: kit.env,
      }),
    );
    const { file } = JSON.parse(packed.stdout) as { file: string };
    const listing = await run('tar', ['tzf', file], { cwd: out, env: kit.env });
    const files = listing.stdout.trim().split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files.filter((f) => /docs|\.html$|\.md$/.test(f) && !/README\.md$/.test(f))).toEqual([]);
  });
});
