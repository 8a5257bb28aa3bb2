import { describe, expect, it } from 'vitest';
import { createColors } from './colors.js';
import { formatOptionHelp } from './help.js';
import { checkChoice, type OptionSpecs, parseOptions } from './options.js';
import { UsageError } from './usage-error.js';

const SPECS = {
  template: {
    type: 'string',
    short: 't',
    description: 'Plugin category',
    valueName: 'name',
    group: 'Answers',
    choices: [
      { value: 'micro', hint: 'One small command' },
      { value: 'integration', hint: 'Talks to a service' },
    ],
  },
  git: { type: 'boolean', negatable: true, description: 'Create a repository', group: 'Answers' },
  yes: { type: 'boolean', short: 'y', description: 'Take the defaults' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
} as const satisfies OptionSpecs;

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseOptions', () => {
  it('reads values, short aliases, negations and positionals', () => {
    expect(parseOptions(SPECS, ['dir', '-t', 'micro', '--no-git', '-y'])).toEqual({
      values: { template: 'micro', git: false, yes: true },
      positionals: ['dir'],
    });
  });

  it('refuses unknown options with a did-you-mean, naming the command', () => {
    expect(usage(() => parseOptions(SPECS, ['--templat', 'x'], 'add'))).toBe(
      'Unknown option "--templat" for "add" (did you mean "--template"?)',
    );
    expect(usage(() => parseOptions(SPECS, ['--no-gti']))).toBe(
      'Unknown option "--no-gti" (did you mean "--no-git"?)',
    );
  });

  it('refuses the negation of a flag that is not negatable', () => {
    expect(usage(() => parseOptions(SPECS, ['--no-yes']))).toMatch(/^Unknown option "--no-yes"/);
  });

  it('refuses a value on a flag and a missing value', () => {
    expect(usage(() => parseOptions(SPECS, ['--yes=1']))).toBe(
      'Option "--yes" does not take a value',
    );
    expect(usage(() => parseOptions(SPECS, ['--template', '--yes']))).toBe(
      'Option "--template" needs a value (write --template=<value> if it starts with "-")',
    );
  });

  it('keeps an option named no-<x> when the table has no negatable flag', () => {
    const specs = {
      'no-activate': { type: 'boolean', description: 'Run no plugin code' },
    } as const;
    expect(parseOptions(specs, ['--no-activate']).values).toEqual({ 'no-activate': true });
  });

  it('lets --help win over mistakes next to it', () => {
    expect(parseOptions(SPECS, ['--nope', '--help']).values.help).toBe(true);
  });
});

describe('checkChoice', () => {
  it('returns an accepted value and explains a wrong one', () => {
    expect(checkChoice('template', 'micro', ['micro', 'integration'])).toBe('micro');
    expect(usage(() => checkChoice('template', 'mikro', ['micro', 'integration']))).toBe(
      'Unknown template "mikro" (did you mean "micro"?); choose one of micro, integration',
    );
  });
});

describe('formatOptionHelp', () => {
  it('lists every option of the table under its group, choices under their option', () => {
    expect(formatOptionHelp(SPECS, createColors(false))).toBe(
      [
        '',
        'Answers:',
        '  -t, --template <name>  Plugin category',
        '          micro        One small command',
        '          integration  Talks to a service',
        '      --[no-]git         Create a repository',
        '',
        'Options:',
        '  -y, --yes   Take the defaults',
        '  -h, --help  Show this help',
        '',
      ].join('\n'),
    );
  });
});
