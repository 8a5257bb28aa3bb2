import { describe, expect, it } from 'vitest';
import { parseCliFlags } from './cli-options.js';

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
});
