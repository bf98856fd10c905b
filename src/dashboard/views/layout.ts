import { CheckStatus, ControlStatus } from '../../checks/check.types';
import { CSS_URL, JS_URL } from '../assets';
import { ChainView, HeaderView, Selection } from '../view-models';
import { formatNumber, href, html, SafeHtml, time } from './html';

export const STATUS_LABEL: Record<ControlStatus, string> = {
  fail: 'Fail',
  'insufficient-evidence': 'Insufficient evidence',
  'not-covered': 'Gap',
  pass: 'Pass',
  'not-applicable': 'N/A',
};

const STATUS_HINT: Record<ControlStatus, string> = {
  fail: 'at least one check found exceptions',
  'insufficient-evidence': 'the evidence does not allow a conclusion',
  'not-covered': 'no automated check covers this control',
  pass: 'every check passed',
  'not-applicable': 'nothing in the period to test',
};

const STATUS_ICON: Record<ControlStatus, string> = { fail: '✕', 'insufficient-evidence': '!', 'not-covered': '○', pass: '✓', 'not-applicable': '–' };

export function badge(status: ControlStatus | CheckStatus): SafeHtml {
  return html`<span class="badge badge--${status}" title="${STATUS_HINT[status]}"><span class="badge__icon" aria-hidden="true">${STATUS_ICON[status]}</span>${STATUS_LABEL[status]}</span>`;
}

export interface Crumb {
  label: string;
  href?: string;
}

export interface PageOptions {
  title: string;
  header?: HeaderView;
  crumbs?: Crumb[];
  /** Where the brand link goes (the controls page of the current selection). */
  home?: string;
  body: SafeHtml;
  /** Class on <body>, e.g. for the sign-in page. */
  variant?: string;
}

export function controlsHref(sel: Selection): string {
  return href(['controls'], { framework: sel.framework, from: sel.from, to: sel.to });
}

/** The whole document: skip link, top bar, ledger status strip, breadcrumbs, main, footer. */
export function page(o: PageOptions): string {
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${o.title} · Evident</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%231d3a8a'/%3E%3Cpath d='M9 16.5l4.5 4.5L23 11.5' fill='none' stroke='white' stroke-width='3.2' stroke-linecap='round' stroke-linejoin='round'/%3E%3C/svg%3E">
<link rel="stylesheet" href="${CSS_URL}">
<script src="${JS_URL}" defer></script>
</head>
<body class="${o.variant ?? 'app'}">
<a class="skip-link" href="#main">Skip to main content</a>
${o.header ? topbar(o.header, o.home ?? '/controls') : null}
${o.header ? statusStrip(o.header) : null}
<main id="main" tabindex="-1">
${o.crumbs ? breadcrumbs(o.crumbs) : null}
${o.body}
</main>
<footer class="footer">
<p>${o.header ? 'Evident · figures are computed over the whole population of the period, straight from the ledger. ' : 'Evident · compliance evidence for feature-flag platforms. '}Page generated ${time(new Date().toISOString())}.</p>
</footer>
</body>
</html>
`;
  return doc.toString();
}

function logo(): SafeHtml {
  return html`<svg class="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="7" fill="currentColor"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

function topbar(h: HeaderView, home: string): SafeHtml {
  return html`<header class="topbar">
<div class="topbar__inner">
<a class="brand" href="${home}">${logo()}<span class="brand__name">Evident</span><span class="brand__sub">Control-gap dashboard</span></a>
<nav class="account" aria-label="Account">
<span class="account__who">Signed in as <strong>${h.session.name}</strong> <span class="role">${h.session.role}</span></span>
<button type="button" class="btn btn--ghost btn--small" data-print hidden>Print</button>
<form method="post" action="/logout" class="account__logout"><button type="submit" class="btn btn--ghost btn--small">Sign out</button></form>
</nav>
</div>
</header>`;
}

function chainStat(c: ChainView): SafeHtml {
  if (c.state === 'ok') {
    return html`<div class="stat stat--ok"><dt class="stat__label">Chain</dt><dd class="stat__value"><span aria-hidden="true">✓ </span>Intact</dd>
<dd class="stat__meta">${formatNumber(c.size)} entries and ${formatNumber(c.checkpoints)} checkpoint${c.checkpoints === 1 ? '' : 's'} verified ${time(c.verifiedAt)}</dd></div>`;
  }
  if (c.state === 'broken') {
    return html`<div class="stat stat--bad"><dt class="stat__label">Chain</dt><dd class="stat__value"><span aria-hidden="true">✕ </span>Broken at entry ${formatNumber(c.firstBad.seq)}</dd>
<dd class="stat__meta">${c.firstBad.reason}${c.firstBad.detail ? html`: ${c.firstBad.detail}` : null} · verified ${time(c.verifiedAt)}</dd></div>`;
  }
  return html`<div class="stat stat--warn"><dt class="stat__label">Chain</dt><dd class="stat__value">Not verified</dd><dd class="stat__meta">${c.message}</dd></div>`;
}

function statusStrip(h: HeaderView): SafeHtml {
  const cp = h.checkpoint;
  const behind = cp ? h.ledgerSize - cp.size : h.ledgerSize;
  return html`<section class="strip" aria-label="Ledger status">
<dl class="strip__inner">
<div class="stat"><dt class="stat__label">Ledger</dt><dd class="stat__value">${formatNumber(h.ledgerSize)} entries</dd><dd class="stat__meta">append-only, hash-chained</dd></div>
${chainStat(h.chain)}
${cp
  ? html`<div class="stat"><dt class="stat__label">Latest checkpoint</dt><dd class="stat__value">${formatNumber(cp.size)} entries</dd>
<dd class="stat__meta">signed ${time(cp.time)}${behind > 0 ? html` · ${formatNumber(behind)} newer entr${behind === 1 ? 'y' : 'ies'} not yet covered` : null}</dd></div>`
  : html`<div class="stat stat--warn"><dt class="stat__label">Latest checkpoint</dt><dd class="stat__value">None yet</dd><dd class="stat__meta">no signed checkpoint covers the ledger</dd></div>`}
</dl>
</section>`;
}

function breadcrumbs(crumbs: Crumb[]): SafeHtml {
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${crumbs.map((c, i) =>
    i === crumbs.length - 1 || !c.href ? html`<li><span aria-current="page">${c.label}</span></li>` : html`<li><a href="${c.href}">${c.label}</a></li>`,
  )}</ol></nav>`;
}

/** A definition list of label → value rows. */
export function facts(rows: [string, SafeHtml | string | number | null][]): SafeHtml {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div class="facts__row"><dt>${k}</dt><dd>${v === null || v === '' ? html`<span class="muted">—</span>` : v}</dd></div>`)}</dl>`;
}

/** A hash in monospace with a copy button (shown only when JavaScript runs). */
export function hash(id: string, value: string): SafeHtml {
  return html`<span class="hash"><code id="${id}">${value}</code><button type="button" class="btn btn--tiny" data-copy="${id}" hidden>Copy</button></span>`;
}
