import type picomatchType from 'picomatch';
import { lazyRequire } from '../_lazy-require.js';

/** Whether a workspace-relative path (slash-separated, no `.` or `..`) matches. */
export type GlobMatcher = (path: string) => boolean;

const picomatch = lazyRequire<typeof picomatchType>('picomatch');

/** Compiled globs, bounded so a long-running host cannot grow it without limit. */
const cache = new Map<string, GlobMatcher>();
const CACHE_LIMIT = 2000;

/**
 * The compiled matcher of a permission glob: picomatch with dotfiles matched, the one way
 * a grant is matched (`findGrant`) and rated (`describePermission` tests it on sentinel
 * paths). A glob picomatch cannot compile matches nothing.
 */
export function globMatcher(glob: string): GlobMatcher {
  let matcher = cache.get(glob);
  if (matcher === undefined) {
    try {
      matcher = picomatch()(glob, { dot: true, strictSlashes: false });
    } catch {
      matcher = () => false;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(glob, matcher);
  }
  return matcher;
}
