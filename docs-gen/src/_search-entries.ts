import {
  Comment,
  type CommentDisplayPart,
  DeclarationReflection,
  DocumentReflection,
  Reflection,
  ReflectionKind,
  type Router,
} from 'typedoc';
import { plainText, type SearchEntry, sectionEntries } from './search-index.js';

const SKIPPED_KINDS =
  ReflectionKind.Project |
  ReflectionKind.Parameter |
  ReflectionKind.TypeParameter |
  ReflectionKind.TypeLiteral |
  ReflectionKind.CallSignature |
  ReflectionKind.ConstructorSignature |
  ReflectionKind.IndexSignature |
  ReflectionKind.GetSignature |
  ReflectionKind.SetSignature;

function commentText(comment: Comment | undefined): string {
  if (!comment) return '';
  const parts: CommentDisplayPart[][] = [comment.summary];
  for (const tag of comment.blockTags) parts.push(tag.content);
  return plainText(parts.map((p) => Comment.combineDisplayParts(p)).join(' '));
}

/** The comment of a declaration, or of its first signature (where functions keep theirs). */
function declarationComment(refl: DeclarationReflection): Comment | undefined {
  return refl.comment ?? refl.signatures?.[0]?.comment ?? refl.getSignature?.comment;
}

/**
 * Search entries for every page and anchor the HTML router produced: one per symbol and member
 * (name + comment), one per heading section of each guide and manifest page.
 */
export function collectSearchEntries(router: Router): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const target of router.getLinkTargets()) {
    if (!(target instanceof Reflection) || target.kindOf(SKIPPED_KINDS)) continue;
    const url = router.getFullUrl(target);
    if (target instanceof DocumentReflection) {
      const group = target.frontmatter.group;
      entries.push(
        ...sectionEntries({
          title: target.name,
          kind: group === 'Plugin' ? 'Plugin' : 'Guide',
          url,
          markdown: Comment.combineDisplayParts(target.content),
        }),
      );
    } else if (target instanceof DeclarationReflection) {
      entries.push({
        url,
        title: target.getFriendlyFullName(),
        kind: ReflectionKind.singularString(target.kind),
        text: commentText(declarationComment(target)),
      });
    }
  }
  return entries;
}
