/**
 * Names of the environment variables that override plugin config:
 * `STACK_PLUGIN_<plugin>__<key>[__<key>...]`, every part encoded into `[A-Z0-9_]` so that
 * the name can be read back ({@link parseConfigEnvName}): two plugin/key pairs never share
 * a variable. Before, every other character became `_` and `acme`'s key `notes_apiUrl`
 * received the override meant for `@acme/notes`' `apiUrl`.
 *
 * A part keeps `a`-`y` (upper-cased) and digits, and a single `-` between two other
 * characters as `_`; everything else is escaped with `Z` and one code: `ZZ` z, `ZH` any other
 * `-`, `ZU` `_`, `ZD` `.`, `ZA` `@`, `ZS` `/`, `ZC` + letter for an upper-case letter, `ZE`
 * for an empty part, `ZX` + six hex digits for any other code point. A part therefore never
 * starts or ends with `_` nor holds `__`, which only separates parts. `@acme/notes` and
 * `apiUrl` give `STACK_PLUGIN_ZAACMEZSNOTES__APIZCURL`; `my-plugin` and `db.port`
 * (nested `db`, `port`) give `STACK_PLUGIN_MY_PLUGIN__DB__PORT`.
 */

const PREFIX = 'STACK_PLUGIN_';
const SEPARATOR = '__';
const ESCAPES: Readonly<Record<string, string>> = {
  z: 'Z',
  '-': 'H',
  _: 'U',
  '.': 'D',
  '@': 'A',
  '/': 'S',
};
const UNESCAPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ESCAPES).map(([char, code]) => [code, char]),
);

const isPlain = (c: string) => (c >= 'a' && c <= 'y') || (c >= '0' && c <= '9');

/** One part (a plugin name or one key) in the variable alphabet. */
export function encodeEnvPart(text: string): string {
  if (text === '') return 'ZE';
  const chars = [...text];
  let out = '';
  chars.forEach((c, i) => {
    if (isPlain(c)) out += c.toUpperCase();
    else if (
      c === '-' &&
      i > 0 &&
      i < chars.length - 1 &&
      chars[i - 1] !== '-' &&
      chars[i + 1] !== '-'
    )
      out += '_';
    else if (ESCAPES[c] !== undefined) out += `Z${ESCAPES[c]}`;
    else if (c >= 'A' && c <= 'Z') out += `ZC${c}`;
    else out += `ZX${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(6, '0')}`;
  });
  return out;
}

/** The text an encoded part stands for, or undefined when it is not one. */
export function decodeEnvPart(encoded: string): string | undefined {
  if (encoded === 'ZE') return '';
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i] as string;
    if (c === '_') out += '-';
    else if (c !== 'Z') {
      if (!/[A-Y0-9]/.test(c)) return undefined;
      out += c.toLowerCase();
    } else {
      const code = encoded[++i];
      if (code === 'C' && /[A-Z]/.test(encoded[i + 1] ?? '')) out += encoded[++i];
      else if (code === 'X' && /^[0-9A-F]{6}$/.test(encoded.slice(i + 1, i + 7))) {
        const point = Number.parseInt(encoded.slice(i + 1, i + 7), 16);
        if (point > 0x10ffff) return undefined;
        out += String.fromCodePoint(point);
        i += 6;
      } else if (code !== undefined && UNESCAPES[code] !== undefined) out += UNESCAPES[code];
      else return undefined;
    }
  }
  // Only the canonical spelling is a name (so each pair has exactly one variable).
  return encodeEnvPart(out) === encoded ? out : undefined;
}

/** The variable that overrides `keyPath` of `plugin`'s config. */
export function configEnvName(plugin: string, keyPath: readonly string[]): string {
  return PREFIX + [plugin, ...keyPath].map(encodeEnvPart).join(SEPARATOR);
}

/** The plugin and key path a variable overrides, or undefined when it names none. */
export function parseConfigEnvName(
  name: string,
): { plugin: string; keyPath: string[] } | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const parts = name.slice(PREFIX.length).split(SEPARATOR).map(decodeEnvPart);
  if (parts.length < 2 || parts.some((part) => part === undefined)) return undefined;
  const [plugin, ...keyPath] = parts as string[];
  return { plugin: plugin as string, keyPath };
}
