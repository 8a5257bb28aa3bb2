import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_TABLE_MARKERS,
  renderCapabilityTable,
  withCapabilityTable,
} from './capability-docs.js';

describe('the permission table of the docs', () => {
  it('is the one the capability table gives (run `npm run capability-docs -w @stack-plugin/pdk`)', () => {
    const page = readFileSync(new URL('../../../docs/plugin-authors.md', import.meta.url), 'utf8');
    expect(page).toContain(CAPABILITY_TABLE_MARKERS.start);
    expect(page).toBe(withCapabilityTable(page));
  });

  it('has one row per permission kind, with the text users are shown at consent', () => {
    expect(renderCapabilityTable().split('\n')).toContain(
      '| `exec:<command>[:<arg>,...]` | [Programs](capabilities/exec.md) | high | Run the program "&lt;command&gt;" (without a shell) with your user\'s rights. |',
    );
    expect(withCapabilityTable('no markers')).toBe('no markers');
  });
});
