// Taken from the loaded module rather than `import`ed: an ES import of `node:util` builds its
// whole namespace, reading every lazy (and deprecated) export, ~2 ms of every start-up.
const { styleText } = process.getBuiltinModule('node:util');

/** Terminal styling that degrades to plain text when colors are off. */
export interface Colors {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

type Style = keyof Colors;
const STYLES: readonly Style[] = ['bold', 'dim', 'red', 'yellow', 'green', 'cyan'];

/**
 * Styling functions on Node's `util.styleText`; identity functions when `enabled` is false.
 * Whether to color is decided once by the caller ({@link shouldUseColor}) from the run's own
 * environment and stream, which is why styleText's check of `process.stdout` is turned off.
 */
export function createColors(enabled: boolean): Colors {
  const style = (name: Style) =>
    enabled
      ? (text: string) => styleText(name, text, { validateStream: false })
      : (text: string) => text;
  return Object.fromEntries(STYLES.map((name) => [name, style(name)])) as unknown as Colors;
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
