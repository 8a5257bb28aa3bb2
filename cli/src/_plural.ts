/** `1 plugin`, `2 plugins`: English plurals for the counts the commands print. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
