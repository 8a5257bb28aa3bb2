import type { LogRecord } from '@stack-plugin/host';
import { parseContributionRef } from '@stack-plugin/host/internal';
import { isStackPluginError, matchTopic, normalizeWorkspacePath, permits } from '@stack-plugin/pdk';
import type { MatcherState, SyncMatcherResult as SyncExpectationResult } from 'vitest';
import { type HarnessRecords, harnessRecordsOf } from '../host/harness-records.js';
import type { CallableInput, CallableRef, EventTopic } from '../host/registry-ids.js';

/** Log levels, in the order `toHaveLogged` recognises them as a first argument. */
const LEVELS = new Set<LogRecord['level']>(['debug', 'info', 'warn', 'error']);

/** A text expectation: exact text, a RegExp, or any asymmetric matcher. */
export type TextExpectation = string | RegExp | { asymmetricMatch(value: unknown): boolean };

/**
 * The Stack PDK matchers, for a test host or a mounted plugin (a plugin's records only cover
 * that plugin). Registered by `@stack-plugin/test-harness/matchers`.
 */
export interface StackMatchers<R = unknown> {
  /**
   * An event was emitted on `topic` (typed from the plugin's declared events; a pattern with
   * `*`/`**` also works), with `payload` if given.
   */
  toHaveEmitted(topic: EventTopic, payload?: unknown): R;
  /** A log record with this message (text, RegExp or matcher), at `level` if given first. */
  toHaveLogged(message: TextExpectation): R;
  toHaveLogged(level: LogRecord['level'], message: TextExpectation): R;
  /** A request for `method` `url` went out (the host allowed it). */
  toHaveRequested(method: string, url: TextExpectation): R;
  /** A file was written at `path`, with `content` (text, bytes, RegExp or matcher) if given. */
  toHaveWrittenFile(path: string, content?: TextExpectation | Uint8Array): R;
  /**
   * The host denied a call needing `permission` (`net:evil.test` also covers the
   * `net:evil.test:443` the host checks). Marks those denials as expected.
   */
  toHaveBeenDeniedPermission(permission: string): R;
  /**
   * Running the contribution `ref` with `input` resolves to `output` (deep equality;
   * asymmetric matchers allowed). `ref` is a command id, or `<kind>:<id>` for a contribution
   * of any callable kind (pdk's `CALLABLE_KINDS`: `skills:summarize`, `transformers:upper`,
   * ...), as a manifest's `uses` writes it. Ids and inputs are typed from the plugin's
   * generated registry. Await it.
   */
  toRespondWith<K extends CallableRef>(
    ref: K,
    input: CallableInput<K>,
    output: unknown,
  ): Promise<R>;
  /** The promise (or function returning one) rejects with a Stack error of `code`. Await it. */
  toRejectWithCode(code: string): Promise<R>;
  /**
   * A counter or gauge `name` recorded with `ctx.metrics`, holding `value` now (a number or an
   * asymmetric matcher) if given, for a series whose labels include `labels` if given.
   */
  toHaveRecordedMetric(name: string, value?: unknown, labels?: Readonly<Record<string, string>>): R;
}

type State = MatcherState;

function subject(state: State, received: unknown, matcher: string): HarnessRecords {
  const records = harnessRecordsOf(received);
  if (records === undefined) {
    throw new TypeError(
      `${matcher} expects a test host or a mounted plugin (from createTestHost / mountPlugin), got ${show(state, received)}`,
    );
  }
  return records;
}

function textMatches(state: State, actual: string, expected: TextExpectation): boolean {
  if (typeof expected === 'string') return actual === expected;
  if (expected instanceof RegExp) return expected.test(actual);
  return state.equals(actual, expected);
}

function result(
  pass: boolean,
  wanted: string,
  seen: readonly string[],
  noun: string,
): SyncExpectationResult {
  const list =
    seen.length === 0 ? `no ${noun} at all` : `${noun}:\n${seen.map((s) => `  - ${s}`).join('\n')}`;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${wanted} not to have happened, but it did`
        : `expected ${wanted}, but saw ${list}`,
  };
}

function show(state: State, value: unknown): string {
  return state.utils.stringify(value, 6, { maxLength: 400, min: true });
}

/** The error code of a rejection, whether the host wrapped it or not. */
function codeOf(error: unknown): string | undefined {
  if (isStackPluginError(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const decoder = new TextDecoder();

/** The matcher implementations, for `expect.extend`. */
export const stackMatchers = {
  toHaveRecordedMetric(
    this: State,
    received: unknown,
    name: string,
    ...rest: [value?: unknown, labels?: Readonly<Record<string, string>>]
  ) {
    const records = subject(this, received, 'toHaveRecordedMetric');
    const [value, labels = {}] = rest;
    const series = records.metrics();
    const pass = series.some(
      (s) =>
        s.name === name &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
        (rest.length === 0 || value === undefined || this.equals(s.value, value)),
    );
    const wanted = `${records.label} to have recorded ${name}${Object.keys(labels).length === 0 ? '' : show(this, labels)}${value === undefined ? '' : ` = ${show(this, value)}`}`;
    return result(
      pass,
      wanted,
      series.map((s) => `${s.kind} ${s.name}${show(this, s.labels)} = ${s.value} from ${s.plugin}`),
      'recorded metrics',
    );
  },

  toHaveEmitted(this: State, received: unknown, topic: string, ...payload: unknown[]) {
    const records = subject(this, received, 'toHaveEmitted');
    const events = records.events();
    const pass = events.some(
      (e) =>
        (e.topic === topic || (topic.includes('*') && matchTopic(topic, e.topic))) &&
        (payload.length === 0 || this.equals(e.payload, payload[0])),
    );
    const wanted = `${records.label} to have emitted "${topic}"${payload.length === 0 ? '' : ` with ${show(this, payload[0])}`}`;
    return result(
      pass,
      wanted,
      events.map((e) => `${e.topic} from ${e.source}: ${show(this, e.payload)}`),
      'events',
    );
  },

  toHaveLogged(this: State, received: unknown, ...args: unknown[]) {
    const records = subject(this, received, 'toHaveLogged');
    const level =
      args.length > 1 && LEVELS.has(args[0] as LogRecord['level'])
        ? (args[0] as LogRecord['level'])
        : undefined;
    const message = (args.length > 1 ? args[1] : args[0]) as TextExpectation;
    const logs = records.logs();
    const pass = logs.some(
      (r) => (level === undefined || r.level === level) && textMatches(this, r.message, message),
    );
    const wanted = `${records.label} to have logged ${level === undefined ? '' : `${level} `}${show(this, message)}`;
    return result(
      pass,
      wanted,
      logs.map((r) => `${r.level} ${r.plugin ?? 'host'}: ${r.message}`),
      'log records',
    );
  },

  toHaveRequested(this: State, received: unknown, method: string, url: TextExpectation) {
    const records = subject(this, received, 'toHaveRequested');
    const requests = records
      .calls()
      .filter((c) => c.capability === 'net' && c.method === 'fetch')
      .filter(
        (c) => c.ok || !['PERMISSION_DENIED', 'VALIDATION_FAILED'].includes(codeOf(c.error) ?? ''),
      )
      .map((c) => {
        const options = (c.args[1] ?? {}) as { method?: unknown };
        const verb = typeof options.method === 'string' ? options.method.toUpperCase() : 'GET';
        return { verb, url: String(c.args[0]), plugin: c.plugin };
      });
    const pass = requests.some(
      (r) => r.verb === method.toUpperCase() && textMatches(this, r.url, url),
    );
    return result(
      pass,
      `${records.label} to have requested ${method.toUpperCase()} ${show(this, url)}`,
      requests.map((r) => `${r.verb} ${r.url} (${r.plugin})`),
      'requests that went out',
    );
  },

  toHaveWrittenFile(this: State, received: unknown, path: string, ...content: unknown[]) {
    const records = subject(this, received, 'toHaveWrittenFile');
    const writes = records
      .calls()
      .filter((c) => c.capability === 'fs' && c.method === 'writeFile' && c.ok)
      .map((c) => {
        const data = c.args[1];
        const bytes =
          typeof data === 'string' ? new TextEncoder().encode(data) : (data as Uint8Array);
        return { path: normalizePath(String(c.args[0])), bytes, text: decoder.decode(bytes) };
      });
    const wantedPath = normalizePath(path);
    const expected = content[0];
    const pass = writes.some((w) => {
      if (w.path !== wantedPath) return false;
      if (content.length === 0) return true;
      if (expected instanceof Uint8Array) return this.equals(new Uint8Array(w.bytes), expected);
      return textMatches(this, w.text, expected as TextExpectation);
    });
    return result(
      pass,
      `${records.label} to have written ${wantedPath}${content.length === 0 ? '' : ` with ${show(this, expected)}`}`,
      writes.map(
        (w) =>
          `${w.path}: ${printable(w.text) ? show(this, w.text.length > 200 ? `${w.text.slice(0, 200)}…` : w.text) : `<${w.bytes.length} bytes>`}`,
      ),
      'file writes',
    );
  },

  toHaveBeenDeniedPermission(this: State, received: unknown, permission: string) {
    const records = subject(this, received, 'toHaveBeenDeniedPermission');
    const denied = records.audit().filter((r) => !r.allowed);
    const matching = denied.filter(
      (r) =>
        r.permission !== undefined &&
        (r.permission === permission || permits([permission], r.permission)),
    );
    if (!this.isNot) records.acknowledge(matching);
    return result(
      matching.length > 0,
      `${records.label} to have been denied "${permission}"`,
      denied.map(
        (r) =>
          `${r.plugin}: ${r.capability}.${r.method} ${r.target} (needs ${r.permission ?? 'n/a'})`,
      ),
      'denials',
    );
  },

  async toRespondWith(
    this: State,
    received: unknown,
    ref: string,
    input: unknown,
    output: unknown,
  ) {
    const records = subject(this, received, 'toRespondWith');
    // The host's own parser of `uses` references: a bare id is a command, a known kind
    // prefix selects that kind, so every kind of CALLABLE_KINDS is reachable without a list here.
    const target = parseContributionRef(ref, 'commands');
    if (target === undefined) throw new TypeError('toRespondWith expects a contribution id');
    let actual: unknown;
    try {
      actual = await records.invoke(target.kind, target.id, input);
    } catch (error) {
      return {
        pass: false,
        message: () =>
          `expected "${ref}" of ${records.label} to respond with ${show(this, output)}, but it rejected: ${describeError(error)}`,
      };
    }
    const pass = this.equals(actual, output);
    return {
      pass,
      actual,
      expected: output,
      message: () =>
        pass
          ? `expected "${ref}" of ${records.label} not to respond with ${show(this, output)}`
          : // The runner prints the diff from `actual` and `expected`; the message names the call.
            `expected "${ref}" of ${records.label} to respond with ${show(this, output)}`,
    };
  },

  async toRejectWithCode(this: State, received: unknown, code: string) {
    const promise = typeof received === 'function' ? (received as () => unknown)() : received;
    if (
      !(promise instanceof Promise) &&
      typeof (promise as { then?: unknown })?.then !== 'function'
    ) {
      throw new TypeError(
        `toRejectWithCode expects a promise or a function returning one, got ${show(this, received)}`,
      );
    }
    try {
      const value = await promise;
      return {
        pass: false,
        message: () =>
          `expected a rejection with code ${code}, but it resolved with ${show(this, value)}`,
      };
    } catch (error) {
      const actual = codeOf(error);
      const pass = actual === code;
      return {
        pass,
        actual,
        expected: code,
        message: () =>
          pass
            ? `expected a rejection with a code other than ${code}, but got ${describeError(error)}`
            : `expected a rejection with code ${code}, but got ${describeError(error)}`,
      };
    }
  },
};

/** `CODE: message`, then the error's hint (what to do) on its own line when it has one. */
function describeError(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | null)?.hint;
  const text = code === undefined ? message : `${code}: ${message}`;
  return typeof hint === 'string' && hint !== '' ? `${text}\n  hint: ${hint}` : text;
}

/** Whether decoded text can be shown as text (no replacement or control characters). */
function printable(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/** The path as the host sees it (pdk's one rule); a path it refuses is compared as written. */
function normalizePath(path: string): string {
  const normalized = normalizeWorkspacePath(path);
  return 'error' in normalized ? path : normalized.path;
}

declare module 'vitest' {
  interface Assertion<R extends void | Promise<void> = void, T = unknown>
    extends StackMatchers<R> {}
}
