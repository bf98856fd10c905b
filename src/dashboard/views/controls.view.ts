import { ControlStatus } from '../../checks/check.types';
import { CONTROL_STATUSES, ControlRow, ControlsPageView, FrameworkOption, Selection } from '../view-models';
import { formatNumber, href, html, SafeHtml } from './html';
import { badge, controlsHref, page, STATUS_LABEL } from './layout';

/** `to` of a period is exclusive; a whole-day period reads better with its last day. */
export function periodText(p: { from: string; to: string }): string {
  const from = p.from.replace(/T00:00:00\.000Z$/, '');
  const to = p.to.endsWith('T00:00:00.000Z') ? new Date(Date.parse(p.to) - 86_400_000).toISOString().slice(0, 10) : p.to;
  return `${from} to ${to}${p.from.endsWith('T00:00:00.000Z') && p.to.endsWith('T00:00:00.000Z') ? ' (UTC, inclusive)' : ''}`;
}

/** The framework and period form; dates are <input type=date> unless the reader typed full timestamps. */
export function selector(sel: Selection, frameworks: FrameworkOption[], action = '/controls', hidden: SafeHtml | null = null): SafeHtml {
  const dateInput = (id: string, value: string) => {
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
    return html`<input id="${id}" name="${id}" type="${isDate ? 'date' : 'text'}" value="${value}" required${isDate ? null : html` placeholder="2026-07-01 or ISO-8601"`}>`;
  };
  return html`<form class="card selector" method="get" action="${action}" aria-label="Framework and period">
${hidden}
<div class="field field--grow"><label for="framework">Framework</label>
<select id="framework" name="framework">${frameworks.map((f) => html`<option value="${f.id}"${f.id === sel.framework ? html` selected` : null}>${f.name}</option>`)}</select></div>
<div class="field"><label for="from">From</label>${dateInput('from', sel.from)}</div>
<div class="field"><label for="to">To (inclusive)</label>${dateInput('to', sel.to)}</div>
<button type="submit" class="btn btn--primary" id="show">Show controls</button>
</form>`;
}

function summaryBar(summary: Record<ControlStatus, number>, total: number): SafeHtml {
  let x = 0;
  const segs = CONTROL_STATUSES.filter((s) => summary[s] > 0).map((s) => {
    const w = total ? (summary[s] / total) * 1000 : 0;
    const seg = html`<rect class="seg--${s}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="10"/>`;
    x += w;
    return seg;
  });
  const label = CONTROL_STATUSES.map((s) => `${summary[s]} ${STATUS_LABEL[s].toLowerCase()}`).join(', ');
  return html`<svg class="bar" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" aria-label="${label}">
<defs><pattern id="gap-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e4e6ee"/><rect width="3" height="6" fill="#7a7f96"/></pattern></defs>
${segs}</svg>`;
}

function row(c: ControlRow, sel: Selection): SafeHtml {
  const search = `${c.id} ${c.title} ${STATUS_LABEL[c.status]} ${c.checks.map((k) => k.id).join(' ')}`.toLowerCase();
  return html`<tr data-status="${c.status}" data-text="${search}"${c.child ? html` class="child"` : null}>
<th scope="row"><a href="${href(['controls', c.id], { framework: sel.framework, from: sel.from, to: sel.to })}">${c.id}</a></th>
<td>${c.title}</td>
<td>${badge(c.status)}</td>
<td class="num${c.exceptions > 0 ? ' has-exceptions' : ''}">${c.status === 'not-covered' ? html`<span class="muted" aria-hidden="true">—</span><span class="visually-hidden">none: no check</span>` : formatNumber(c.exceptions)}</td>
<td>${c.checks.length
    ? html`<ul class="chips">${c.checks.map((k) => html`<li class="chip chip--${k.status}" title="${k.title}">${k.id}${k.exceptions ? html` <span class="chip__n">${k.exceptions}</span>` : null}<span class="visually-hidden">: ${STATUS_LABEL[k.status]}${k.exceptions ? `, ${k.exceptions} exception${k.exceptions === 1 ? '' : 's'}` : ''}</span></li>`)}</ul>`
    : html`<span class="muted">No automated check</span>`}</td>
</tr>`;
}

export function controlsView(v: ControlsPageView): string {
  const period = periodText(v.period);
  const body = html`<div class="page-head">
<div><h1>Control status</h1><p class="lede">${v.frameworkName} · ${period}</p></div>
</div>
${selector(v.selection, v.frameworks)}
<section class="summary" aria-labelledby="summary-title">
<h2 id="summary-title" class="visually-hidden">Summary</h2>
<ul class="tiles">${CONTROL_STATUSES.map((s) => html`<li class="tile tile--${s}"><span class="tile__count">${formatNumber(v.summary[s])}</span><span class="tile__label">${STATUS_LABEL[s]}</span></li>`)}</ul>
${summaryBar(v.summary, v.totalControls)}
<p class="summary__totals">${formatNumber(v.totalControls)} controls · ${formatNumber(v.totalExceptions)} exceptions in total. A control fails when any check behind it fails; a control with no automated check is a <strong>gap</strong>, never a pass.</p>
</section>
<div class="toolbar" data-filter-toolbar hidden>
<label for="filter-text">Filter controls</label>
<input id="filter-text" type="search" placeholder="Control, title or check id" autocomplete="off">
<label class="check"><input id="filter-findings" type="checkbox"> Only failures, insufficient evidence and gaps</label>
<span id="filter-count" class="toolbar__count" aria-live="polite"></span>
</div>
<div class="table-wrap">
<table class="controls">
<caption>${formatNumber(v.totalControls)} controls of ${v.frameworkName}, ${period}</caption>
<thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col" class="num">Exceptions</th><th scope="col">Checks behind it</th></tr></thead>
${v.groups.map(
  (g) => html`<tbody data-group>
${g.family ? html`<tr class="group"><th scope="rowgroup" colspan="5"><span class="group__code">${g.family}</span>${g.name ?? ''}</th></tr>` : null}
${g.controls.map((c) => row(c, v.selection))}
</tbody>`,
)}
</table>
</div>`;
  return page({ title: `${v.frameworkName} controls`, header: v.header, home: controlsHref(v.selection), body });
}
