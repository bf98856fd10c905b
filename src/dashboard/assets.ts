/**
 * The dashboard's stylesheet and script, kept as string constants so `tsc` carries them into
 * dist/ with no copy step. They are served from /assets/ (the CSP allows 'self' only, never
 * inline code) with a content hash in the URL so browsers may cache them for good.
 */
import { createHash } from 'node:crypto';

export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #f5f6f8;
  --surface: #ffffff;
  --border: #dfe3e8;
  --border-strong: #c5ccd6;
  --text: #18202c;
  --muted: #5a6474;
  --accent: #1d4ed8;
  --accent-dark: #1e3a8a;
  --focus: #2563eb;
  --pass: #0f6e3a; --pass-bg: #e3f4ea; --pass-line: #9fd5b4;
  --fail: #b42318; --fail-bg: #fde8e6; --fail-line: #f3a8a0;
  --warn: #8a5300; --warn-bg: #fff3d6; --warn-line: #f0cc7a;
  --na: #4b5563; --na-bg: #eef0f3; --na-line: #cfd4db;
  --gap: #3f3f55; --gap-line: #7a7f96;
  --radius: 8px;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif;
}
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
main:focus { outline: none; }
code, pre, .mono { font-family: var(--mono); font-size: 0.86em; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 0.4em; color: #0f1724; }
h1 { font-size: 1.55rem; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 1.15rem; font-weight: 650; }
h3 { font-size: 1rem; font-weight: 650; }
p { margin: 0 0 0.8em; }
.muted { color: var(--muted); }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link {
  position: absolute; left: 12px; top: -48px; z-index: 10; padding: 8px 14px;
  background: var(--surface); color: var(--accent-dark); border: 2px solid var(--focus); border-radius: var(--radius);
  font-weight: 600; text-decoration: none; transition: top 0.1s;
}
.skip-link:focus { top: 12px; }

/* Top bar and ledger status strip */
.topbar { background: #111827; color: #e5e7eb; }
.topbar__inner, .strip__inner, main, .footer { max-width: 1240px; margin: 0 auto; padding-left: 24px; padding-right: 24px; }
.topbar__inner { display: flex; align-items: center; justify-content: space-between; gap: 16px; min-height: 56px; flex-wrap: wrap; }
.brand { display: inline-flex; align-items: center; gap: 10px; color: #fff; text-decoration: none; }
.brand:hover { color: #fff; }
.brand__mark { color: #3b63d6; flex: none; }
.brand__name { font-weight: 700; font-size: 1.1rem; letter-spacing: 0.01em; }
.brand__sub { color: #9ca3af; font-size: 0.9rem; padding-left: 10px; border-left: 1px solid #374151; }
.account { display: flex; align-items: center; gap: 12px; font-size: 0.9rem; }
.account__who { color: #d1d5db; }
.account__who strong { color: #fff; font-weight: 600; }
.account form { margin: 0; }
.role {
  display: inline-block; margin-left: 4px; padding: 0 7px; border-radius: 999px; border: 1px solid #4b5563;
  font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: #d1d5db;
}
.topbar :focus-visible { outline-color: #93c5fd; }
.strip { background: var(--surface); border-bottom: 1px solid var(--border); }
.strip__inner { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 24px; margin-top: 0; margin-bottom: 0; padding-top: 12px; padding-bottom: 12px; }
.stat { padding: 2px 0 2px 12px; border-left: 4px solid var(--border-strong); }
.stat--ok { border-left-color: var(--pass); }
.stat--bad { border-left-color: var(--fail); background: var(--fail-bg); }
.stat--warn { border-left-color: #d97706; }
.stat__label { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.07em; color: var(--muted); font-weight: 600; }
.stat__value { margin: 2px 0 0; font-size: 1.05rem; font-weight: 650; }
.stat--ok .stat__value { color: var(--pass); }
.stat--bad .stat__value { color: var(--fail); }
.stat__meta { margin: 0; font-size: 0.82rem; color: var(--muted); }

main { padding-top: 20px; padding-bottom: 40px; display: block; }
.footer { padding-top: 16px; padding-bottom: 32px; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--border); }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 14px; padding: 0; font-size: 0.88rem; color: var(--muted); }
.crumbs li + li::before { content: "/"; margin-right: 6px; color: var(--border-strong); }
.crumbs [aria-current] { color: var(--text); font-weight: 600; }

.page-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.page-head h1 { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.lede { color: var(--muted); margin: 0; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 16px 18px; margin-bottom: 18px; }
.card > h2:first-child { margin-bottom: 10px; }
.card__head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
.card__head h2 { margin: 0; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }

/* Buttons and form */
.btn {
  display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-height: 38px; padding: 0 16px;
  border: 1px solid var(--border-strong); border-radius: 6px; background: var(--surface); color: var(--text);
  font: inherit; font-weight: 600; cursor: pointer; text-decoration: none;
}
.btn:hover { background: #f0f2f5; }
.btn--primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn--primary:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
.btn--ghost { background: transparent; border-color: #4b5563; color: #e5e7eb; }
.btn--ghost:hover { background: #1f2937; color: #fff; }
.btn--small { min-height: 30px; padding: 0 12px; font-size: 0.85rem; }
.btn--tiny { min-height: 24px; padding: 0 8px; font-size: 0.75rem; font-weight: 600; }
.selector { display: flex; align-items: flex-end; gap: 14px; flex-wrap: wrap; }
.field { display: flex; flex-direction: column; gap: 4px; }
.field label, .toolbar label { font-size: 0.82rem; font-weight: 600; color: #374151; }
.field--grow { flex: 1 1 300px; }
input, select {
  font: inherit; color: var(--text); background: var(--surface); min-height: 38px; padding: 6px 10px;
  border: 1px solid var(--border-strong); border-radius: 6px;
}
select { padding-right: 28px; }
input[type="checkbox"] { min-height: 0; width: 16px; height: 16px; margin: 0; accent-color: var(--accent); }
input:focus-visible, select:focus-visible { outline-offset: 0; border-color: var(--focus); }
.hint { font-size: 0.82rem; color: var(--muted); margin: 2px 0 0; }
.alert { border-radius: 6px; padding: 10px 14px; margin: 0 0 14px; border: 1px solid; }
.alert--error { background: var(--fail-bg); border-color: var(--fail-line); color: #7a1a12; }
.alert--warn { background: var(--warn-bg); border-color: var(--warn-line); color: #5c3a00; }
.alert--info { background: #eef3ff; border-color: #c6d4fb; color: #1e3a8a; }

/* Status badges */
.badge {
  display: inline-flex; align-items: center; gap: 5px; padding: 1px 9px 1px 7px; border-radius: 999px;
  font-size: 0.78rem; font-weight: 650; line-height: 1.55; white-space: nowrap; border: 1px solid; vertical-align: middle;
}
.badge__icon { font-size: 0.8em; width: 1em; text-align: center; }
.badge--pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass-line); }
.badge--fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail-line); }
.badge--insufficient-evidence { color: var(--warn); background: var(--warn-bg); border-color: var(--warn-line); }
.badge--not-applicable { color: var(--na); background: var(--na-bg); border-color: var(--na-line); }
.badge--not-covered {
  color: var(--gap); border: 1px dashed var(--gap-line); text-transform: uppercase; letter-spacing: 0.05em;
  background: repeating-linear-gradient(135deg, #ffffff 0 4px, #eceef4 4px 8px);
}
h1 .badge { font-size: 0.85rem; }
.kind { display: inline-block; padding: 0 8px; border-radius: 4px; background: #eef0f3; border: 1px solid var(--border); font-family: var(--mono); font-size: 0.8rem; color: #374151; font-weight: 500; }
.flag { display: inline-block; padding: 0 7px; border-radius: 4px; font-size: 0.75rem; font-weight: 650; background: var(--fail-bg); color: var(--fail); border: 1px solid var(--fail-line); margin-left: 4px; }

/* Summary */
.summary { margin-bottom: 18px; }
.tiles { list-style: none; margin: 0 0 12px; padding: 0; display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; }
.tile { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; border-top: 4px solid; }
.tile__count { display: block; font-size: 1.7rem; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile__label { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
.tile--fail { border-top-color: var(--fail); } .tile--fail .tile__count { color: var(--fail); }
.tile--insufficient-evidence { border-top-color: #d99a1e; } .tile--insufficient-evidence .tile__count { color: var(--warn); }
.tile--not-covered { border-top: 4px dashed var(--gap-line); }
.tile--pass { border-top-color: var(--pass); } .tile--pass .tile__count { color: var(--pass); }
.tile--not-applicable { border-top-color: var(--na-line); }
.bar { display: block; width: 100%; height: 10px; border-radius: 5px; overflow: hidden; background: var(--na-bg); }
.bar .seg--fail { fill: var(--fail); }
.bar .seg--insufficient-evidence { fill: #e0a526; }
.bar .seg--not-covered { fill: url(#gap-stripes); }
.bar .seg--pass { fill: #1f9254; }
.bar .seg--not-applicable { fill: #b8bfc9; }
.summary__totals { margin: 8px 0 0; color: var(--muted); font-size: 0.88rem; }

/* Tables */
.table-wrap { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); overflow-x: auto; margin-bottom: 18px; }
.card .table-wrap { border-radius: 6px; margin-bottom: 0; margin-top: 12px; }
.card .table-wrap + .table-wrap { margin-top: 14px; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
caption { text-align: left; padding: 12px 14px; font-weight: 600; color: #374151; caption-side: top; border-bottom: 1px solid var(--border); }
th, td { padding: 9px 14px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--border); }
thead th { background: #f8f9fb; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 650; white-space: nowrap; }
tbody tr:last-child > * { border-bottom: none; }
tbody + tbody { border-top: 1px solid var(--border); }
tbody tr:hover > td, tbody tr:hover > th[scope="row"] { background: #fafbfc; }
th[scope="row"] { font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num.has-exceptions { color: var(--fail); font-weight: 700; }
.group th { background: #f1f3f6; color: #1f2937; font-size: 0.8rem; text-transform: none; letter-spacing: 0; font-weight: 650; padding-top: 7px; padding-bottom: 7px; border-bottom: 1px solid var(--border); }
.group .group__code { font-family: var(--mono); color: var(--muted); margin-right: 6px; font-weight: 500; }
tr.child th[scope="row"] { padding-left: 30px; font-weight: 500; }
tr.child th[scope="row"]::before { content: "↳ "; color: var(--border-strong); }
.chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
.chip { display: inline-flex; align-items: center; gap: 5px; padding: 0 7px; border-radius: 4px; font-family: var(--mono); font-size: 0.72rem; line-height: 1.7; border: 1px solid var(--border); background: #f8f9fb; color: #374151; white-space: nowrap; }
.chip::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: var(--na-line); }
.chip--pass::before { background: #1f9254; }
.chip--fail { border-color: var(--fail-line); background: #fff6f5; }
.chip--fail::before { background: var(--fail); }
.chip--insufficient-evidence::before { background: #e0a526; }
.chip__n { font-weight: 700; color: var(--fail); }
.detail { max-width: 60ch; }
.toolbar { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; margin: 0 0 10px; }
.toolbar input[type="search"] { min-width: 260px; }
.toolbar .check { display: inline-flex; align-items: center; gap: 7px; font-weight: 500; }
.toolbar__count { color: var(--muted); font-size: 0.85rem; margin-left: auto; }
.empty { padding: 14px; color: var(--muted); margin: 0; }
.overview { margin-bottom: 18px; }
.overview td, .overview th { vertical-align: middle; }

/* Facts, hashes, JSON */
.facts { margin: 0; display: grid; grid-template-columns: minmax(150px, max-content) 1fr; column-gap: 18px; }
.facts__row { display: contents; }
.facts dt { color: var(--muted); font-size: 0.85rem; padding: 6px 0; border-bottom: 1px solid #eef0f3; }
.facts dd { margin: 0; padding: 6px 0; border-bottom: 1px solid #eef0f3; overflow-wrap: anywhere; }
.hash { display: flex; align-items: flex-start; gap: 8px; }
.hash code { overflow-wrap: anywhere; flex: 1; min-width: 0; padding-top: 2px; }
.grid2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px; margin-bottom: 18px; }
.grid2 > .card { margin-bottom: 0; }
.stack > * + * { margin-top: 18px; }
pre.json {
  margin: 0; padding: 14px 16px; background: #0f1724; color: #e2e8f0; border-radius: 6px; overflow: auto;
  max-height: 560px; font-size: 0.82rem; line-height: 1.55; white-space: pre-wrap; overflow-wrap: anywhere;
}
details > summary { cursor: pointer; color: var(--accent); font-weight: 600; margin: 10px 0 6px; }
.description { color: #374151; max-width: 90ch; }
.rationale { font-size: 0.88rem; color: var(--muted); }

/* Sign-in */
body.login { display: flex; flex-direction: column; min-height: 100vh; background: linear-gradient(180deg, #111827 0 260px, var(--bg) 260px); }
body.login main { width: 100%; max-width: 460px; padding-top: 72px; flex: 1; }
body.login .footer { border: none; text-align: center; width: 100%; }
.login-card { background: var(--surface); border: 1px solid var(--border); border-radius: 12px; padding: 28px 30px; box-shadow: 0 10px 30px rgba(15, 23, 36, 0.12); }
.login-brand { display: flex; align-items: center; gap: 10px; margin-bottom: 18px; color: var(--accent-dark); }
.login-brand span { font-weight: 700; font-size: 1.2rem; color: var(--text); }
.login-card form { display: flex; flex-direction: column; gap: 14px; margin-top: 16px; }
.login-card h1 { font-size: 1.3rem; }
.login-card input { width: 100%; font-family: var(--mono); }
.login-card .btn { width: 100%; }

@media screen and (max-width: 820px) {
  .strip__inner, .grid2 { grid-template-columns: 1fr; }
  .stat + .stat { box-shadow: 0 -1px 0 var(--border); }
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .brand__sub { display: none; }
}

@media print {
  @page { margin: 14mm 12mm; }
  :root { --bg: #fff; }
  body { background: #fff !important; color: #000 !important; font-size: 10.5pt; }
  *, *::before, *::after { box-shadow: none !important; text-shadow: none !important; }
  .skip-link, .account, .selector, .toolbar, [data-copy], [data-print], .crumbs, .no-print { display: none !important; }
  .topbar { background: #fff !important; color: #000 !important; border-bottom: 2px solid #000; }
  .brand, .brand:hover { color: #000 !important; }
  .brand__mark { color: #000 !important; }
  .brand__sub { color: #000 !important; border-left-color: #000; }
  .topbar__inner, .strip__inner, main, .footer { max-width: none; padding-left: 0; padding-right: 0; }
  .strip, .card, .tile, .table-wrap, .login-card { background: #fff !important; border-color: #000 !important; }
  .stat, .stat__label, .stat__meta, .stat__value, .muted, .lede, .tile__label, .tile__count, h1, h2, h3, caption, thead th, .group th, .description, .rationale, .footer { color: #000 !important; }
  .stat--bad { background: #fff !important; }
  thead th, .group th { background: #fff !important; border-bottom: 1px solid #000; }
  th, td { border-bottom-color: #999 !important; }
  thead { display: table-header-group; }
  tr, .facts__row, .tile, .stat { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  th, td { padding: 5px 7px; }
  th[scope="row"] { white-space: normal; }
  .summary__totals, .hint, .empty, .account__who { color: #000 !important; }
  .tiles { gap: 6px; }
  .tile { padding: 6px 8px; }
  .tile__count { font-size: 14pt; }
  .badge, .chip, .kind, .flag { color: #000 !important; background: #fff !important; border: 1px solid #000 !important; }
  .chip::before { display: none; }
  .badge--not-covered { border-style: dashed !important; }
  .bar { display: none; }
  pre.json { background: #fff !important; color: #000 !important; border: 1px solid #000; max-height: none; overflow: visible; }
  a { color: #000 !important; text-decoration: underline; }
  main a[href]::after { content: " <" attr(href) ">"; font-family: var(--mono); font-size: 7pt; font-weight: 400; word-break: break-all; text-decoration: none; }
  main table a[href]::after { display: block; }
  .stat { border-left-color: #000 !important; }
  .stat--ok .stat__value, .stat--bad .stat__value, td.num.has-exceptions, .chip__n { color: #000 !important; }
  main a[href^="#"]::after { content: ""; }
  details:not([open]) > *:not(summary) { display: block; }
  details > summary { color: #000 !important; }
  tbody tr:hover > td, tbody tr:hover > th[scope="row"] { background: #fff !important; }
}
`;

export const DASHBOARD_JS = String.raw`
(function () {
  'use strict';
  var each = function (sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); };

  // Controls page: filter rows by text and by "findings only", announce how many remain.
  var toolbar = document.querySelector('[data-filter-toolbar]');
  if (toolbar) {
    var text = document.getElementById('filter-text');
    var only = document.getElementById('filter-findings');
    var count = document.getElementById('filter-count');
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-status]'));
    var findings = { 'fail': true, 'insufficient-evidence': true, 'not-covered': true };
    var apply = function () {
      var q = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!only.checked || findings[row.getAttribute('data-status')]) &&
          (!q || (row.getAttribute('data-text') || '').indexOf(q) !== -1);
        row.hidden = !ok;
        if (ok) shown++;
      });
      each('tbody[data-group]', function (group) { group.hidden = !group.querySelector('tr[data-status]:not([hidden])'); });
      count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' controls';
    };
    text.addEventListener('input', apply);
    only.addEventListener('change', apply);
    toolbar.hidden = false;
    apply();
  }

  // Copy a hash to the clipboard.
  each('[data-copy]', function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy'));
      if (!target) return;
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      });
    });
  });

  each('[data-print]', function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
`;

const version = createHash('sha256').update(DASHBOARD_CSS).update(DASHBOARD_JS).digest('hex').slice(0, 12);

export const CSS_URL = `/assets/dashboard.css?v=${version}`;
export const JS_URL = `/assets/dashboard.js?v=${version}`;

/** Encoded once at start-up. */
export const ASSETS = {
  css: { type: 'text/css; charset=utf-8', body: Buffer.from(DASHBOARD_CSS, 'utf8'), etag: `"css-${version}"` },
  js: { type: 'text/javascript; charset=utf-8', body: Buffer.from(DASHBOARD_JS, 'utf8'), etag: `"js-${version}"` },
} as const;
