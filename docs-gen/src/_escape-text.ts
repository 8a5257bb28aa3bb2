/**
 * Escape text that came from a plugin (manifest fields, schema descriptions) before it goes
 * into generated Markdown: HTML's special characters become entities, so the text shows as
 * written in the HTML site and in any Markdown renderer that allows raw HTML (the Markdown
 * output is published too), and cannot open a tag, an attribute or an event handler.
 */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}

// Quotes need no escape: outside a tag they open nothing, and no tag can open any more.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
