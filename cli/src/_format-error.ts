import type { ErrorJsonTree } from '@stack-plugin/pdk';
import type { Colors } from '@stack-plugin/pdk/cli-kit';
import { printable } from './_printable.js';

/**
 * The human form of a failed command: the error's code, message and hint, then each error it
 * reports (a start-up that failed for several plugins, a wrapped plugin failure) with its own
 * code, plugin and hint, indented under it. Messages, hints and plugin names may carry plugin
 * text (a plugin's own error), so control characters are escaped.
 */
export function formatErrorTree(body: ErrorJsonTree, c: Colors): string {
  const lines = [
    `${c.red(c.bold('error'))} ${c.dim(body.code)} ${printable(body.message)}`,
    `  ${c.dim('hint:')} ${printable(body.hint)}`,
  ];
  const walk = (errors: readonly ErrorJsonTree[], indent: string) => {
    for (const inner of errors) {
      const plugin = inner.plugin === undefined ? '' : ` ${c.cyan(`[${printable(inner.plugin)}]`)}`;
      lines.push(
        `${indent}${c.red('-')} ${c.bold(inner.code)}${plugin} ${printable(inner.message)}`,
      );
      lines.push(`${indent}  ${c.dim('hint:')} ${printable(inner.hint)}`);
      walk(inner.errors ?? [], `${indent}  `);
    }
  };
  walk(body.errors ?? [], '  ');
  return `${lines.join('\n')}\n`;
}
