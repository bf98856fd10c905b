/**
 * The only way the dashboard produces markup. `html` escapes every interpolated value with
 * `escapeHtml` unless it is itself the result of `html` (already escaped when it was built).
 * There is deliberately no "raw" helper: markup can only come from template literals in the
 * views' own source code.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an HTML text node or a double/single-quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** Markup that has already been escaped. Only `html` creates it. */
export class SafeHtml {
  /** @internal use the `html` tag */
  constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** One interpolated value: null/undefined/false render nothing, arrays render each item. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(value);
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** A same-origin URL: path segments are percent-encoded, empty query values dropped. */
export function href(segments: readonly (string | number)[], query: Record<string, string | number | undefined | null> = {}): string {
  const path = '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

const NUMBER = new Intl.NumberFormat('en-US');

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** `2026-07-12T09:00:00.000Z` → a <time> reading `2026-07-12 09:00:00 UTC`. */
export function time(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`${iso}`;
  const text = d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}
