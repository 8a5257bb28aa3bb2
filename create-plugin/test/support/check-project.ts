import { spawn } from 'node:child_process';
import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { kitCli } from './kit-cli.js';

/** The workspace root, whose node_modules links every @stack-plugin package to its sources. */
export const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_MODULES = join(WORKSPACE, 'node_modules');

/**
 * Make a generated project resolve its dependencies from this workspace: its node_modules is
 * a link to the workspace's, where `@stack-plugin/*` are links to the package folders. The
 * `source` export condition (added by the checks below) then picks their TypeScript sources,
 * so no build of the kit is needed and the check sees the kit as it is now.
 */
export async function linkWorkspace(projectDir: string): Promise<void> {
  await symlink(NODE_MODULES, join(projectDir, 'node_modules'), 'junction');
}

/**
 * Type-check a project with its own tsconfig.json plus the `source` condition, reporting the
 * diagnostics of the project's own files only (the kit's sources are checked in their own
 * packages, as skipLibCheck does for declaration files).
 */
export async function typecheck(projectDir: string): Promise<string> {
  const dir = await realpath(projectDir);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    { customConditions: ['source'] },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const own = program
    .getSourceFiles()
    .filter((f) => f.fileName.startsWith(`${dir}/`) && !f.fileName.includes('/node_modules/'));
  const diagnostics = [
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((f) => [
      ...program.getSyntacticDiagnostics(f),
      ...program.getSemanticDiagnostics(f),
    ]),
  ];
  if (own.length === 0) return 'no project files were type-checked';
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
}

/**
 * `npm run build`, in-process: the real `stack-plugin build`, which bundles src/index.ts with
 * everything it imports into the one self-contained dist/index.js the host's sandbox loads.
 * Returns the bundle.
 */
export async function buildProject(projectDir: string): Promise<string> {
  const result = await (await kitCli()).runCli(['build'], { cwd: projectDir });
  if (result.code !== 0)
    throw new Error(`stack-plugin build failed:\n${result.stderr}${result.stdout}`);
  return readFile(join(projectDir, 'dist', 'index.js'), 'utf8');
}

/** `npm run docs`, in-process: the real `stack-plugin docs` (HTML site and Markdown). */
export async function buildDocs(projectDir: string): Promise<{ code: number; output: string }> {
  const result = await (await kitCli()).runCli(['docs'], { cwd: projectDir });
  return { code: result.code, output: `${result.stderr}${result.stdout}` };
}

/** Result of a spawned tool. */
export interface ToolResult {
  code: number | null;
  output: string;
}

/** Run a program and collect its output; killed after `timeoutMs` so a test can never hang. */
export function runTool(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Run the project's vitest suite. The project's own vitest.config.ts is used, extended by a
 * runner config outside the project that only adds the `source` resolve condition.
 */
export async function runProjectTests(projectDir: string, scratchDir: string): Promise<ToolResult> {
  const runner = join(scratchDir, 'runner');
  await mkdir(runner, { recursive: true });
  await symlink(NODE_MODULES, join(runner, 'node_modules'), 'junction');
  const config = join(runner, 'vitest.config.mjs');
  const projectConfig = pathToFileURL(join(projectDir, 'vitest.config.ts')).href;
  await writeFile(
    config,
    `import { mergeConfig } from 'vitest/config';
import project from ${JSON.stringify(projectConfig)};
const conditions = ['source', 'module', 'node', 'import', 'default'];
export default mergeConfig(project, {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
});
`,
  );
  return runTool(
    process.execPath,
    [join(NODE_MODULES, 'vitest', 'vitest.mjs'), 'run', '--root', projectDir, '--config', config],
    projectDir,
  );
}

/** Run Biome (lint + format check) with the project's own biome.json. */
export function runBiome(projectDir: string): Promise<ToolResult> {
  return runTool(
    process.execPath,
    [join(NODE_MODULES, '@biomejs', 'biome', 'bin', 'biome'), 'check', '.'],
    projectDir,
  );
}
