import { MANIFEST_ISSUE_CODES, pdkErrors } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { docsGenErrors } from './docs-gen-errors.js';
import { cliReferencePage, errorCodesPage } from './reference-pages.js';

describe('reference pages', () => {
  it('list every error code with its meaning and hint, arguments as placeholders', () => {
    const page = errorCodesPage(
      { '@stack-plugin/pdk': pdkErrors, '@stack-plugin/docs-gen': docsGenErrors },
      MANIFEST_ISSUE_CODES,
    );
    for (const code of [...Object.keys(pdkErrors), ...Object.keys(docsGenErrors)])
      expect(page.markdown).toContain(`## ${code}\n`);
    expect(page.markdown).toContain(
      '| `MANIFEST_INVALID` | Plugin manifest is invalid | @stack-plugin/pdk |',
    );
    for (const code of Object.keys(MANIFEST_ISSUE_CODES))
      expect(page.markdown).toContain(`| \`${code}\` |`);
    expect(page.markdown).toContain(
      `- Meaning: ${pdkErrors.MANIFEST_INVALID.message({ plugin: '<plugin>', detail: '<detail>' })}`,
    );
    expect(page.markdown).toContain(`- Hint: ${pdkErrors.MANIFEST_INVALID.hint}`);
    expect(page.markdown).not.toContain('undefined');
  });

  it('documents every command from its definition', () => {
    const page = cliReferencePage('stack-plugin', [
      {
        name: 'dev',
        summary: 'Run it',
        usage: 'stack-plugin dev [dir]',
        description: 'First line\ncontinues.\n\nSecond paragraph.',
        options: { config: { type: 'string', valueName: 'FILE', description: 'A config' } },
        examples: ['stack-plugin dev'],
      },
    ]);
    expect(page.markdown).toContain('| `dev` | Run it |');
    expect(page.markdown).toContain('## dev\n\nRun it\n\n```sh\nstack-plugin dev [dir]\n```');
    expect(page.markdown).toContain('First line continues.\n\nSecond paragraph.');
    expect(page.markdown).toContain('| `--config FILE` | A config |');
  });
});
