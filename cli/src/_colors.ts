/** ANSI styling that degrades to plain text when colors are off. */
export interface Colors {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain = (text: string): string => text;

/** Styling functions; identity functions when `enabled` is false. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

/**
 * Whether to use colors: never with `NO_COLOR` (any non-empty value, per no-color.org) or
 * `FORCE_COLOR=0`; always with another `FORCE_COLOR` value; otherwise only on a TTY that is
 * not `TERM=dumb`.
 */
export function shouldUseColor(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined) return true;
  return isTTY && env.TERM !== 'dumb';
}
