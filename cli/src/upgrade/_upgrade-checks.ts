import { spawn } from 'node:child_process';
import { toClause } from '@stack-plugin/pdk';
import { validatePluginDir } from '@stack-plugin/pdk/validate';
import { packageManagerCommands } from 'create-stack-plugin';
import type { CommandIo } from '../command.js';
import { generatePluginTypes } from '../typegen/generate-plugin-types.js';
import type { StagedUpgrade } from './upgrade-project.js';

/** One check run on the upgraded project. */
export interface CheckResult {
  readonly name: 'install' | 'typegen' | 'validate' | 'test';
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * After the files are written: install when dependencies moved (unless `install` is off),
 * then typegen, validate and the project's own `test` script, each reported, none stopping
 * the next (an author fixing a conflict wants to see all of them). Tool output goes to stderr.
 */
export async function runChecks(
  upgrade: StagedUpgrade,
  options: { readonly install: boolean; readonly io: CommandIo },
): Promise<CheckResult[]> {
  const { io } = options;
  const results: CheckResult[] = [];
  const commands = packageManagerCommands(upgrade.pm);
  if (options.install && upgrade.bumps.length > 0) {
    const [command, ...args] = commands.install;
    const code = await runTool(command, args, upgrade.dir, io);
    results.push(toolResult('install', code));
  }
  try {
    const typegen = await generatePluginTypes(upgrade.dir);
    results.push({
      name: 'typegen',
      ok: true,
      detail: typegen.written ? 'regenerated' : 'unchanged',
    });
  } catch (error) {
    results.push({ name: 'typegen', ok: false, detail: toClause(error) });
  }
  const report = await validatePluginDir(upgrade.dir);
  const errors = report.issues.filter((i) => i.severity === 'error');
  results.push({
    name: 'validate',
    ok: errors.length === 0,
    ...(errors.length === 0 ? {} : { detail: errors.map((i) => i.code).join(', ') }),
  });
  const code = await runTool(upgrade.pm, ['test'], upgrade.dir, io);
  results.push(toolResult('test', code));
  return results;
}

/** Run a tool in the project, its output on our stderr (stdout stays the command's own). */
function runTool(
  command: string,
  args: readonly string[],
  cwd: string,
  io: CommandIo,
): Promise<number | string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...io.env })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(command, [...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => io.stderr(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => io.stderr(chunk));
    child.on('error', (error) => resolve(`could not start ${command}: ${error.message}`));
    child.on('close', (code, signal) => resolve(code ?? `signal ${signal}`));
  });
}

function toolResult(name: 'install' | 'test', code: number | string): CheckResult {
  if (code === 0) return { name, ok: true };
  return { name, ok: false, detail: typeof code === 'number' ? `exit ${code}` : code };
}
