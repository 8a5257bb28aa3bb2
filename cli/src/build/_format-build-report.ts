import { relative } from 'node:path';
import { toErrorJson } from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import type { BuildResult } from './build-plugin.js';

/** Human-readable size: bytes below 1 kB, then kB with one decimal. */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * The human form of a build: one line saying what was built and how long it took, one line
 * per file written, then modules, types and warnings.
 */
export function formatBuildReport(
  result: BuildResult,
  options: { readonly cwd: string; readonly color: boolean },
): string {
  const c = createColors(options.color);
  const where = relative(options.cwd, result.dir);
  const prefix = where === '' ? '' : `${where}/`;
  const out = [
    `${c.green('Built')} ${c.bold(result.plugin ?? result.dir)} from ${prefix}${result.entry} in ${result.durationMs} ms\n`,
  ];
  const width = Math.max(...result.files.map((f) => prefix.length + f.path.length));
  for (const file of result.files) {
    out.push(
      `  ${`${prefix}${file.path}`.padEnd(width)}  ${formatBytes(file.bytes).padStart(8)}\n`,
    );
  }
  const { own, dependencies } = result.modules;
  out.push(
    `  ${c.dim(`${own + dependencies} modules (${own} own, ${dependencies} from dependencies); types ${result.typegen.file} ${result.typegen.written ? 'updated' : 'up to date'}`)}\n`,
  );
  for (const warning of result.warnings) {
    const at = warning.location === undefined ? '' : ` ${c.dim(warning.location)}`;
    out.push(`  ${c.yellow('warning')}${at} ${warning.message} ${c.dim(`[${warning.code}]`)}\n`);
  }
  return out.join('');
}

/** The `--json` form of a build: `ok` first, then the result without the absolute folder. */
export function buildReportJson(result: BuildResult): Record<string, unknown> {
  const { dir: _dir, ...rest } = result;
  return { ok: true, ...rest };
}

/** The `--json --watch` line of a failed build: the CLI's error shape, with `ok: false`. */
export function buildErrorJson(error: unknown): Record<string, unknown> {
  return { ok: false, ...toErrorJson(error) };
}

/** A failed build in watch mode, printed like the CLI prints errors, since watching goes on. */
export function formatBuildError(error: unknown, color: boolean): string {
  const c = createColors(color);
  const { error: body } = toErrorJson(error);
  const out = [`${c.red(c.bold('error'))} ${c.dim(body.code)} ${body.message}\n`];
  out.push(`  ${c.dim('hint:')} ${body.hint}\n`);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) out.push(`  ${c.dim('cause:')} ${cause.message}\n`);
  return out.join('');
}
