// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are the subject under test.
import { isStackPluginError } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { listTemplateReferences, resolveTemplate } from '../../src/workflow/index.js';

const scope = {
  input: { name: 'ada', tags: ['x', 'y'] },
  steps: { 'build-app': { output: { id: 7, meta: { ok: true } } } },
  env: { EMPTY: '' },
};

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isStackPluginError(e) ? { code: e.code, message: e.message } : e;
  }
  return 'no error';
};

describe('resolveTemplate', () => {
  it('keeps the type of a whole-string placeholder and interpolates inside text', () => {
    expect(
      resolveTemplate(
        {
          id: '${steps.build-app.output.id}',
          meta: '${ steps.build-app.output.meta }',
          line: 'id=${steps.build-app.output.id} meta=${steps.build-app.output.meta} tag=${input.tags.1}',
          list: ['${input.name}', 3, null],
          empty: '${env.EMPTY}',
        },
        scope,
      ),
    ).toEqual({
      id: 7,
      meta: { ok: true },
      line: 'id=7 meta={"ok":true} tag=y',
      list: ['ada', 3, null],
      empty: '',
    });
  });

  it('keeps escaped placeholders literal and leaves non-plain values alone', () => {
    const date = new Date(0);
    expect(
      resolveTemplate({ a: '$${input.name}', b: 'cost: $${x} for ${input.name}', date }, scope),
    ).toEqual({
      a: '${input.name}',
      b: 'cost: ${x} for ada',
      date,
    });
  });

  it('throws TEMPLATE_UNRESOLVED for missing paths, unless told to yield nothing', () => {
    expect(code(() => resolveTemplate('${steps.build-app.output.nope}', scope))).toEqual({
      code: 'TEMPLATE_UNRESOLVED',
      message:
        '`${steps.build-app.output.nope}` has no value: "steps.build-app.output.nope" is not set.',
    });
    expect(code(() => resolveTemplate('x ${secrets.TOKEN}', scope))).toEqual({
      code: 'TEMPLATE_UNRESOLVED',
      message: '`${secrets.TOKEN}` has no value: "secrets" is not a known root.',
    });
    expect(
      resolveTemplate(['${input.nope}', 'a${input.nope}b'], scope, { onMissing: 'undefined' }),
    ).toEqual([undefined, 'ab']);
  });

  it('never walks into prototypes, and keeps "__proto__" keys as plain data', () => {
    expect(code(() => resolveTemplate('${input.constructor}', scope))).toMatchObject({
      code: 'TEMPLATE_UNRESOLVED',
    });
    expect(code(() => resolveTemplate('${input.__proto__}', scope))).toMatchObject({
      code: 'TEMPLATE_UNRESOLVED',
    });
    const out = resolveTemplate(JSON.parse('{"__proto__": {"polluted": "${input.name}"}}'), scope);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'ada' });
  });

  it('lists references, skipping escaped ones', () => {
    expect(
      listTemplateReferences({ a: ['${steps.a.output}', 'x $${steps.b} ${input.y}'] }),
    ).toEqual(['steps.a.output', 'input.y']);
  });
});
