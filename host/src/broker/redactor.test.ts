import { createError, pdkErrors } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { hostErrors } from '../host-errors.js';
import { Redactor } from './redactor.js';

describe('Redactor.redactError', () => {
  it('redacts the data and the reported errors of a catalog error, not only its text', () => {
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const inner = createError(pdkErrors.NET_FAILED, {
      url: 'https://a.test/?key=hunter2-secret',
      detail: 'refused',
    });
    const outer = createError(
      hostErrors.PLUGIN_ACTIVATION_FAILED,
      { plugin: 'p', detail: 'token hunter2-secret rejected' },
      { errors: [inner] },
    );
    redactor.redactError(outer);
    expect(JSON.stringify([outer.message, outer.data, inner.message, inner.data])).not.toContain(
      'hunter2-secret',
    );
    expect(outer.data).toEqual({ plugin: 'p', detail: 'token [redacted] rejected' });
    expect(Object.isFrozen(outer.data)).toBe(true);
  });
});
