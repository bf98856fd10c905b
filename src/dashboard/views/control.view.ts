import { CheckSectionView, ControlPageView, Selection } from '../view-models';
import { periodText } from './controls.view';
import { formatNumber, href, html, SafeHtml } from './html';
import { badge, controlsHref, page } from './layout';

const PROVENANCE: Record<string, string> = {
  olir: 'NIST OLIR mapping',
  derived: 'published crosswalk',
  editorial: "Evident's judgement",
};

function evidenceHref(seq: number, sel: Selection, control: string): string {
  return href(['evidence', seq], { framework: sel.framework, from: sel.from, to: sel.to, control });
}

function checkSection(c: CheckSectionView, v: ControlPageView): SafeHtml {
  const n = c.exceptions.length;
  return html`<section class="card" id="check-${c.id}" aria-labelledby="check-${c.id}-title">
<div class="card__head">
<h2 id="check-${c.id}-title"><span class="mono">${c.id}</span> ${c.title} ${badge(c.status)}</h2>
<span class="muted">Population ${formatNumber(c.population)} · ${formatNumber(n)} exception${n === 1 ? '' : 's'}</span>
</div>
${c.description ? html`<p class="description">${c.description}</p>` : null}
${c.rationale ? html`<p class="rationale"><strong>Why it evidences ${v.control.id}:</strong> ${c.rationale}${c.provenance ? html` <span class="muted">(${PROVENANCE[c.provenance] ?? c.provenance})</span>` : null}</p>` : null}
${c.note ? html`<p class="alert alert--info">${c.note}</p>` : null}
${n === 0
  ? html`<p class="empty">No exceptions${c.population ? html` in a population of ${formatNumber(c.population)}` : null}.</p>`
  : html`<div class="table-wrap"><table>
<caption>Exceptions of ${c.id} (${formatNumber(n)})</caption>
<thead><tr><th scope="col">Ledger entry</th><th scope="col">Source</th><th scope="col">Record</th><th scope="col">Reason</th><th scope="col">Detail</th></tr></thead>
<tbody>${c.exceptions.map(
      (e) => html`<tr>
<th scope="row">${e.seq === null ? html`<span class="muted" title="the finding is an absence: no entry to point at">none</span>` : html`<a href="${evidenceHref(e.seq, v.selection, v.control.id)}" aria-label="Evidence for ${e.id}: ledger entry ${e.seq}">#${e.seq}</a>`}</th>
<td>${e.source}</td>
<td><code>${e.id}</code></td>
<td><span class="kind">${e.reason}</span></td>
<td class="detail">${e.detail}</td>
</tr>`,
    )}</tbody>
</table></div>`}
</section>`;
}

/** One line per check, linking to its section below. */
function overview(v: ControlPageView): SafeHtml {
  return html`<div class="table-wrap overview"><table>
<caption>Checks behind ${v.control.id} (${v.checks.length})</caption>
<thead><tr><th scope="col">Check</th><th scope="col">What it tests</th><th scope="col">Status</th><th scope="col" class="num">Population</th><th scope="col" class="num">Exceptions</th></tr></thead>
<tbody>${v.checks.map(
    (c) => html`<tr><th scope="row"><a href="#check-${c.id}" class="mono">${c.id}</a></th><td>${c.title}</td><td>${badge(c.status)}</td>
<td class="num">${formatNumber(c.population)}</td><td class="num${c.exceptions.length ? ' has-exceptions' : ''}">${formatNumber(c.exceptions.length)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function controlView(v: ControlPageView): string {
  const sel = v.selection;
  const c = v.control;
  const checks = v.checks.length;
  const body = html`<div class="page-head">
<div>
<h1><span>${c.id}</span> <span>${c.title}</span> ${badge(c.status)}</h1>
<p class="lede">${v.frameworkName} · ${periodText(v.period)} · ${formatNumber(c.exceptions)} exception${c.exceptions === 1 ? '' : 's'} across ${checks} check${checks === 1 ? '' : 's'}${c.parent ? html` · point of focus of <a href="${href(['controls', c.parent.id], { framework: sel.framework, from: sel.from, to: sel.to })}">${c.parent.id} ${c.parent.title}</a>` : null}</p>
</div>
</div>
${checks > 0 ? overview(v) : null}
${checks === 0
  ? html`<div class="alert alert--warn"><strong>Gap:</strong> no automated check gives evidence for this control. It is reported as not covered, never as passing; evidence has to come from elsewhere.</div>`
  : v.checks.map((k) => checkSection(k, v))}`;
  return page({
    title: `${c.id} ${c.title}`,
    header: v.header,
    home: controlsHref(sel),
    crumbs: [{ label: `${v.frameworkName}`, href: controlsHref(sel) }, { label: c.id }],
    body,
  });
}
