import fc from 'fast-check';

/**
 * Generators for every format the host's validator checks (ajv-formats, full mode), keyed by
 * format name. A test compares the keys with ajv-formats' own list and validates samples of
 * each, so a format added there fails until it is generated here. Formats ajv does not know
 * (`iri`, `idn-email`, ...) accept any string and are not listed.
 */
export const FORMAT_GENERATORS: Readonly<Record<string, () => fc.Arbitrary<string | number>>> = {
  date: () => dateText(),
  time: () => timeText(true),
  'date-time': () => fc.tuple(dateText(), timeText(true)).map(([d, t]) => `${d}T${t}`),
  'iso-time': () => timeText(false),
  'iso-date-time': () => fc.tuple(dateText(), timeText(false)).map(([d, t]) => `${d}T${t}`),
  duration: () => durationText(),
  uri: () => urlText(true),
  'uri-reference': () =>
    fc.oneof(
      urlText(true),
      pathText().map((p) => `.${p}`),
    ),
  'uri-template': () =>
    fc
      .tuple(urlText(false), identifier(), fc.constantFrom('', '+', '#', '/', '?'))
      .map(([url, name, op]) => `${url}/{${op}${name}}`),
  url: () => urlText(false),
  email: () => fc.emailAddress(),
  hostname: () => fc.domain(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  regex: () =>
    fc
      .tuple(
        fc.constantFrom('', '^'),
        fc.array(fc.constantFrom('[a-z]', '\\d', 'x', '(ab|cd)', '.', '\\w'), { maxLength: 4 }),
        fc.constantFrom('', '*', '?', '{1,3}'),
        fc.constantFrom('', '$'),
      )
      .map(
        ([start, parts, quantifier, end]) =>
          `${start}${parts.join('')}${parts.length === 0 ? '' : quantifier}${end}`,
      ),
  uuid: () => fc.uuid(),
  'json-pointer': () => pointerText(fc.string({ maxLength: 6 })),
  'json-pointer-uri-fragment': () => pointerText(identifier()).map((p) => `#${p}`),
  'relative-json-pointer': () =>
    fc
      .tuple(fc.nat(20), fc.oneof(fc.constant('#'), pointerText(fc.string({ maxLength: 6 }))))
      .map(([up, rest]) => `${up}${rest}`),
  byte: () => fc.base64String({ maxLength: 40 }),
  int32: () => fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  int64: () => fc.maxSafeInteger(),
  float: () => fc.double({ noNaN: true, noDefaultInfinity: true }),
  double: () => fc.double({ noNaN: true, noDefaultInfinity: true }),
  password: () => fc.string(),
  binary: () => fc.string(),
};

/** Formats that apply to numbers; on other values the validator ignores them. */
export const NUMBER_FORMATS: ReadonlySet<string> = new Set(['int32', 'int64', 'float', 'double']);

const two = (n: number): string => String(n).padStart(2, '0');

function dateText(): fc.Arbitrary<string> {
  return fc
    .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
}

/** `hh:mm:ss[.fff]` and a zone, which `time` requires and `iso-time` may leave out. */
function timeText(zoneRequired: boolean): fc.Arbitrary<string> {
  const zone = fc.oneof(
    fc.constant('Z'),
    fc
      .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.nat(59))
      .map(([sign, h, m]) => `${sign}${two(h)}:${two(m)}`),
  );
  return fc
    .tuple(
      fc.integer({ min: 0, max: 23 }),
      fc.nat(59),
      fc.nat(59),
      fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
      zoneRequired ? zone : fc.option(zone, { nil: '' }),
    )
    .map(
      ([h, m, s, ms, z]) =>
        `${two(h)}:${two(m)}:${two(s)}${ms === undefined ? '' : `.${String(ms).padStart(3, '0')}`}${z}`,
    );
}

/** ISO 8601 durations: `P1Y2M3DT4H5M6S` with any part present, or weeks alone. */
function durationText(): fc.Arbitrary<string> {
  const part = (unit: string) =>
    fc.option(
      fc.nat(99).map((n) => `${n}${unit}`),
      { nil: '' },
    );
  const date = fc.tuple(part('Y'), part('M'), part('D')).map((p) => p.join(''));
  const time = fc.tuple(part('H'), part('M'), part('S')).map((p) => p.join(''));
  return fc.oneof(
    fc.nat(52).map((w) => `P${w}W`),
    fc
      .tuple(date, time)
      .filter(([d, t]) => d !== '' || t !== '')
      .map(([d, t]) => `P${d}${t === '' ? '' : `T${t}`}`),
  );
}

/**
 * `http(s)://host/path[?query][#fragment]`. Not `fc.webUrl()`: building that arbitrary takes
 * seconds (measured 4.2 s on a loaded 2-core machine), and every fuzzed schema would pay it.
 */
function urlText(withExtras: boolean): fc.Arbitrary<string> {
  const extra = (mark: string) =>
    withExtras
      ? fc.option(
          identifier().map((t) => `${mark}${t}`),
          { nil: '' },
        )
      : fc.constant('');
  return fc
    .tuple(fc.constantFrom('http', 'https'), hostText(), pathText(), extra('?q='), extra('#'))
    .map(
      ([scheme, host, path, query, fragment]) => `${scheme}://${host}${path}${query}${fragment}`,
    );
}

/** Host names every URL rule accepts (no `--`, no leading digit in the top-level label). */
function hostText(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[a-z][a-z0-9]{0,7}(?:\.[a-z][a-z0-9]{0,7}){0,2}\.[a-z]{2,5}$/);
}

function identifier(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
}

function pathText(): fc.Arbitrary<string> {
  return fc.array(identifier(), { maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
}

/** A JSON Pointer over the given segments, with `~` and `/` escaped as RFC 6901 says. */
function pointerText(segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .array(segment, { maxLength: 4 })
    .map((parts) => parts.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''));
}
