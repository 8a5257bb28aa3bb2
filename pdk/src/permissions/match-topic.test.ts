import { describe, expect, it } from 'vitest';
import { checkTopic, matchTopic, topicPatternCovers } from './match-topic.js';

describe('matchTopic', () => {
  it.each([
    ['build.done', 'build.done', true],
    ['build.done', 'build.failed', false],
    ['build.*', 'build.done', true],
    ['build.*', 'build', false],
    ['build.*', 'build.step.done', false],
    ['build.**', 'build', true],
    ['build.**', 'build.step.done', true],
    ['build.**', 'builds.done', false],
    ['**', 'anything.at.all', true],
    ['*', 'one', true],
    ['*', 'one.two', false],
    ['*.done', 'build.done', true],
    ['**.done', 'a.b.c.done', true],
    ['**.done', 'done', true],
    ['a.**.z', 'a.z', true],
    ['a.**.z', 'a.b.c.z', true],
    ['a.**.z', 'a.b.c', false],
    ['a.*.**', 'a', false],
    ['a.*.**', 'a.b', true],
    ['Build.done', 'build.done', false],
  ])('%s matches %s: %s', (pattern, topic, expected) => {
    expect(matchTopic(pattern, topic)).toBe(expected);
  });

  it('matches nothing with invalid patterns or topics, and never throws', () => {
    expect(matchTopic('build*', 'build')).toBe(false);
    expect(matchTopic('a..b', 'a..b')).toBe(false);
    expect(matchTopic('**', '')).toBe(false);
    expect(matchTopic('**', 'a.*')).toBe(false);
    expect(matchTopic(undefined as unknown as string, 'a')).toBe(false);
  });

  it('stays fast on patterns built to cause backtracking', () => {
    const pattern = Array.from({ length: 60 }, () => '**').join('.');
    const topic = `${Array.from({ length: 60 }, () => 'a').join('.')}`;
    expect(matchTopic(`${pattern}.b`, topic)).toBe(false);
  });

  it('validates topics', () => {
    expect(checkTopic('notes.note-created')).toBeUndefined();
    expect(checkTopic('notes.*')).toBe('"*": wildcards must be a whole segment, "*" or "**"');
    expect(checkTopic('notes.a+b')).toBe('"a+b": segments use letters, digits, "-" and "_" only');
  });
});

describe('topicPatternCovers', () => {
  it.each([
    ['build.*', 'build.done', true],
    ['build.*', 'build.*', true],
    ['build.*', 'build.**', false],
    ['build.**', 'build.*', true],
    ['build.**', 'build.**', true],
    ['**', 'x.**', true],
    ['*.done', '**.done', false],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.*.*', false],
  ])('%s covers %s: %s', (granted, requested, expected) => {
    expect(topicPatternCovers(granted, requested)).toBe(expected);
  });
});
