/** The colour tokens of one theme, as CSS colours. */
export interface ThemeTokens {
  background: string;
  foreground: string;
  accent: string;
  success: string;
  warning: string;
  danger: string;
}

/** The themes this plugin contributes; ids match `contributes.themes` in stack-plugin.json. */
export const THEMES = {
  midnight: {
    background: '#0f172a',
    foreground: '#e2e8f0',
    accent: '#38bdf8',
    success: '#4ade80',
    warning: '#facc15',
    danger: '#f87171',
  },
  daylight: {
    background: '#ffffff',
    foreground: '#0f172a',
    accent: '#0369a1',
    success: '#15803d',
    warning: '#a16207',
    danger: '#b91c1c',
  },
} as const satisfies Record<string, ThemeTokens>;

/** A theme id. */
export type ThemeId = keyof typeof THEMES;

/** A status the badge formatter shows. */
export type Status = 'ok' | 'warning' | 'error';

const COLOUR: Record<Status, keyof ThemeTokens> = {
  ok: 'success',
  warning: 'warning',
  error: 'danger',
};

const ICON: Record<Status, string> = { ok: '✔', warning: '▲', error: '✖' };

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A status badge as HTML (coloured with the theme) and as plain text (for terminals, logs). */
export function renderBadge(
  label: string,
  status: Status,
  tokens: ThemeTokens,
): { html: string; text: string } {
  const colour = tokens[COLOUR[status]];
  const html =
    `<span class="stack-badge stack-badge--${status}" style="color:${tokens.background};` +
    `background:${colour}">${ICON[status]} ${escapeHtml(label)}</span>`;
  return { html, text: `[${ICON[status]} ${label}]` };
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#rrggbb` colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
