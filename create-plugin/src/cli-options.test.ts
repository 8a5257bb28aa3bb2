import { createColors } from '@stack-plugin/pdk/cli-kit';
import { describe, expect, it } from 'vitest';
import { parseCliFlags } from './cli-options.js';
import { CREATE_OPTIONS } from './create-options.js';
import { helpText } from './help-text.js';

describe('parseCliFlags', () => {
  it('reads every answer flag', () => {
    expect(
      parseCliFlags([
        'dir',
        '--name',
        '@a/b',
        '--description',
        'd',
        '-t',
        'ui',
        '--features',
        'ci, docs',
        '--no-docs',
        '--pm',
        'bun',
        '--no-git',
        '--install',
        '-y',
        '--force',
        '--dry-run',
      ]),
    ).toEqual({
      dir: 'dir',
      name: '@a/b',
      description: 'd',
      template: 'ui',
      features: { examples: false, docs: false, ci: true, changesets: false },
      pm: 'bun',
      git: false,
      install: true,
      yes: true,
      force: true,
      dryRun: true,
      help: false,
      version: false,
    });
  });

  it('treats single feature flags as changes from the defaults', () => {
    expect(parseCliFlags(['--no-ci']).features).toEqual({ ci: false });
    expect(parseCliFlags(['--features', 'none']).features).toEqual({
      examples: false,
      docs: false,
      ci: false,
      changesets: false,
    });
  });

  it('throws SCAFFOLD_BAD_USAGE for what it does not understand', () => {
    expect(() => parseCliFlags(['--template'])).toThrow(
      expect.objectContaining({ code: 'SCAFFOLD_BAD_USAGE' }),
    );
    expect(() => parseCliFlags(['--nope'])).toThrow(
      expect.objectContaining({ code: 'SCAFFOLD_BAD_USAGE' }),
    );
  });

  it('suggests the closest template', () => {
    expect(() => parseCliFlags(['--template', 'intgration'])).toThrow(
      expect.objectContaining({
        code: 'SCAFFOLD_BAD_USAGE',
        message:
          'Unknown template "intgration" (did you mean "integration"?); choose one of integration, workflow, micro, ui, skill.',
      }),
    );
  });
});

describe('helpText', () => {
  it('lists every flag the parser accepts, each with its description', () => {
    const help = helpText('1.0.0', createColors(false));
    for (const [name, spec] of Object.entries(CREATE_OPTIONS)) {
      const flag = 'negatable' in spec ? `--[no-]${name}` : `--${name}`;
      expect(help).toContain(`${flag}`);
      expect(help).toContain(spec.description);
      const args = spec.type === 'string' ? [`--${name}`, 'value'] : [`--${name}`];
      // Accepted by the parser: any failure is about the value, never an unknown option.
      try {
        parseCliFlags(args);
      } catch (error) {
        expect((error as Error).message).not.toMatch(/Unknown option/);
      }
    }
  });
});
