/**
 * Event topics are dot-separated segments (`build.finished`, `notes.note-created`). Patterns
 * add two wildcards, each a whole segment: `*` matches exactly one segment and `**` matches
 * zero or more (so `build.**` matches `build`, `build.done` and `build.step.done`).
 */

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Longest topic or pattern accepted, so hostile input cannot make matching slow. */
const MAX_TOPIC_LENGTH = 256;

/** Why `topic` is not a valid concrete topic, or undefined when it is. */
export function checkTopic(topic: string): string | undefined {
  return checkSegments(topic, false);
}

/** Why `pattern` is not a valid topic pattern, or undefined when it is. */
export function checkTopicPattern(pattern: string): string | undefined {
  return checkSegments(pattern, true);
}

function checkSegments(value: string, wildcards: boolean): string | undefined {
  if (value.length === 0) return 'the topic is empty';
  if (value.length > MAX_TOPIC_LENGTH) return `topics are at most ${MAX_TOPIC_LENGTH} characters`;
  for (const segment of value.split('.')) {
    if (segment === '')
      return 'it has an empty segment (two dots in a row, or a leading/trailing dot)';
    if (wildcards && (segment === '*' || segment === '**')) continue;
    if (!SEGMENT.test(segment)) {
      return segment.includes('*')
        ? `"${segment}": wildcards must be a whole segment, "*" or "**"`
        : `"${segment}": segments use letters, digits, "-" and "_" only`;
    }
  }
  return undefined;
}

/**
 * Whether an event `topic` matches a subscription or grant `pattern`. Never throws: an invalid
 * pattern or topic matches nothing.
 *
 * @example
 * ```ts
 * import { matchTopic } from '@stack-plugin/pdk';
 *
 * matchTopic('build.*', 'build.done'); // true
 * matchTopic('build.*', 'build.step.done'); // false
 * matchTopic('build.**', 'build'); // true
 * ```
 */
export function matchTopic(pattern: string, topic: string): boolean {
  if (typeof pattern !== 'string' || typeof topic !== 'string') return false;
  if (checkTopicPattern(pattern) !== undefined || checkTopic(topic) !== undefined) return false;
  return coversSegments(pattern.split('.'), topic.split('.'));
}

/**
 * Whether every topic matched by `requested` is also matched by `granted` (both patterns).
 * Used to check `events:on:<pattern>` subscriptions against grants. Conservative: in rare
 * equivalent-but-differently-written cases (`*.**` versus `**`) it answers false, which denies.
 */
export function topicPatternCovers(granted: string, requested: string): boolean {
  if (typeof granted !== 'string' || typeof requested !== 'string') return false;
  if (checkTopicPattern(granted) !== undefined || checkTopicPattern(requested) !== undefined) {
    return false;
  }
  return coversSegments(granted.split('.'), requested.split('.'));
}

/**
 * Segment matcher shared by both questions. A requested `*` is only covered by a granted `*` or
 * `**`, a requested `**` only by a granted `**`; literals match equal literals. Memoised, so
 * runs in O(granted x requested) whatever the wildcards.
 */
function coversSegments(granted: readonly string[], requested: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const width = requested.length + 1;
  const go = (g: number, r: number): boolean => {
    const key = g * width + r;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const gs = granted[g];
    const rs = requested[r];
    if (gs === undefined) result = rs === undefined;
    else if (gs === '**') result = go(g + 1, r) || (rs !== undefined && go(g, r + 1));
    else if (rs === undefined || rs === '**') result = false;
    else if (gs === '*') result = go(g + 1, r + 1);
    else result = gs === rs && go(g + 1, r + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
