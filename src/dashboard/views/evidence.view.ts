import { ApprovalView, ChangeRequestView, EvidencePageView, GrantsView, PersonView, Selection } from '../view-models';
import { formatNumber, href, html, SafeHtml, time } from './html';
import { controlsHref, Crumb, facts, hash, page } from './layout';

function entryLink(seq: number | null, sel: Selection, control: string | null): SafeHtml {
  if (seq === null) return html`<span class="muted">—</span>`;
  return html`<a href="${href(['evidence', seq], { framework: sel.framework, from: sel.from, to: sel.to, control })}">#${seq}</a>`;
}

export function personText(p: { [K in keyof PersonView]?: string | null }): SafeHtml {
  const main = p.name ?? p.email ?? p.id;
  if (!main) return html`<span class="muted">unknown</span>`;
  const extra = [p.email && p.email !== main ? p.email : null, p.id && p.id !== main ? `id ${p.id}` : null].filter(Boolean).join(', ');
  return html`${main}${extra ? html` <span class="muted">(${extra})</span>` : null}`;
}

function approvalsTable(caption: string, rows: ApprovalView[], v: EvidencePageView): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${caption}: none recorded.</p>`;
  return html`<div class="table-wrap"><table>
<caption>${caption} (${rows.length})</caption>
<thead><tr><th scope="col">Ledger entry</th><th scope="col">Who</th><th scope="col">When</th><th scope="col">Findings</th></tr></thead>
<tbody>${rows.map(
    (a) => html`<tr><th scope="row">${entryLink(a.seq, v.selection, v.control)}</th><td>${personText(a)}</td><td>${time(a.time)}</td>
<td>${a.selfApproval ? html`<span class="flag">self-approval</span>` : null}${a.afterApply ? html`<span class="flag">after apply</span>` : null}${!a.selfApproval && !a.afterApply ? html`<span class="muted">—</span>` : null}</td></tr>`,
  )}</tbody></table></div>`;
}

function changeRequestCard(cr: ChangeRequestView | null | undefined, v: EvidencePageView): SafeHtml | null {
  if (cr === undefined) return null;
  if (cr === null) {
    return html`<section class="card" aria-labelledby="cr-title"><h2 id="cr-title">Change request</h2>
<p class="alert alert--warn">No change request is linked to this event: it carries no change request id and shares no transaction group with an applied request.</p></section>`;
  }
  const sel = v.selection;
  return html`<section class="card" aria-labelledby="cr-title">
<div class="card__head"><h2 id="cr-title">Change request ${cr.crId}</h2><span class="kind">${cr.state}</span></div>
${facts([
  ['Instance', `${cr.source} · ${cr.instance}`],
  ['Project / environment', `${cr.project ?? '?'} / ${cr.environment ?? '?'}`],
  ['Requested by', personText(cr.requester)],
  ['Created', cr.createdAt ? html`${time(cr.createdAt)} · entry ${entryLink(cr.createdSeq, sel, v.control)}` : null],
  ['Applied', cr.appliedAt ? html`${time(cr.appliedAt)} by ${personText(cr.applier)} · entry ${entryLink(cr.appliedSeq, sel, v.control)}` : 'not applied'],
  ['Required approvals', cr.requiredApprovals === null ? 'not stated by the platform' : formatNumber(cr.requiredApprovals)],
  ['Linked to this entry by', cr.linkedBy === 'change-request-id' ? 'its change request id' : 'the transaction group of the applied request'],
])}
<h3 class="visually-hidden">Approvals</h3>
${approvalsTable('Approvals', cr.approvals, v)}
${cr.rejections.length ? approvalsTable('Rejections', cr.rejections, v) : null}
</section>`;
}

function grantsCard(g: GrantsView | null, v: EvidencePageView): SafeHtml | null {
  if (!g) return null;
  const head = html`<h2 id="grants-title">The actor's access at the time</h2>`;
  if (!g.snapshot) {
    return html`<section class="card" aria-labelledby="grants-title">${head}
<p class="alert alert--warn">No access snapshot of this source instance was in force at ${time(g.at)}: the actor's authority cannot be shown.</p></section>`;
  }
  const snap = g.snapshot;
  return html`<section class="card" aria-labelledby="grants-title">${head}
${facts([
  ['Actor', html`${personText(g.actor)} <span class="kind">${g.actor.kind}</span>`],
  ['Event time', time(g.at)],
  ['Snapshot in force', html`entry ${entryLink(snap.seq, v.selection, v.control)}, taken ${time(snap.takenAt)} (${snap.source} · ${snap.instance})`],
  ['Principal', g.principal ? html`${personText(g.principal)}${g.principal.active ? null : html` <span class="flag">inactive</span>`}` : html`<span class="flag">not in the snapshot</span>`],
])}
${g.principal
  ? g.grants.length
    ? html`<div class="table-wrap"><table>
<caption>Grants of ${g.principal.email ?? g.principal.id} in that snapshot (${g.grants.length})</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Project</th><th scope="col">Environment</th><th scope="col">Capabilities</th><th scope="col">Via</th></tr></thead>
<tbody>${g.grants.map(
        (x) => html`<tr><th scope="row">${x.role}</th><td>${x.project === '*' ? 'all projects' : x.project}</td><td>${x.environment === '*' ? 'all environments' : x.environment}</td>
<td>${x.capabilities.length ? html`<ul class="chips">${x.capabilities.map((c) => html`<li class="chip">${c}</li>`)}</ul>` : html`<span class="muted">none</span>`}</td><td>${x.via}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="alert alert--warn">The principal held no grants in that snapshot.</p>`
  : html`<p class="alert alert--warn">The actor does not appear in the snapshot in force: no grants.</p>`}
</section>`;
}

export function evidenceView(v: EvidencePageView): string {
  const e = v.entry;
  const sel = v.selection;
  const ev = v.event;
  const crumbs: Crumb[] = [{ label: 'Controls', href: controlsHref(sel) }];
  if (v.control) crumbs.push({ label: v.control, href: href(['controls', v.control], { framework: sel.framework, from: sel.from, to: sel.to }) });
  crumbs.push({ label: `Entry #${e.seq}` });
  const body = html`<div class="page-head">
<div><h1>Ledger entry #${e.seq} <span class="kind">${e.kind}</span></h1>
<p class="lede">${ev ? html`${ev.type}${ev.flag ? html` · flag <code>${ev.flag}</code>` : null}${ev.environment ? html` in <strong>${ev.environment}</strong>` : null} · ` : null}recorded ${time(e.recordedAt)}</p></div>
</div>
<div class="grid2">
<section class="card" aria-labelledby="integrity-title">
<h2 id="integrity-title">Integrity</h2>
${facts([
  ['Sequence', formatNumber(e.seq)],
  ['Recorded at', time(e.recordedAt)],
  ['Leaf hash', hash('leaf-hash', e.leafHash)],
  ['Chain hash', hash('chain-hash', e.chainHash)],
  ['Previous chain hash', hash('prev-chain-hash', e.previousChainHash)],
  ['Checkpoint', v.coveredBy ? html`covered by the latest signed checkpoint (${formatNumber(v.coveredBy.size)} entries, ${time(v.coveredBy.time)})` : html`<span class="flag">not yet covered by a signed checkpoint</span>`],
])}
<p class="hint">leaf = SHA-256(0x00 ‖ body); chain = SHA-256(previous chain ‖ leaf). See docs/VERIFYING.md.</p>
</section>
${ev
  ? html`<section class="card" aria-labelledby="event-title">
<h2 id="event-title">Event</h2>
${facts([
  ['Type', html`<code>${ev.type}</code>${ev.nativeType ? html` <span class="muted">(${ev.nativeType})</span>` : null}`],
  ['Time', time(ev.time)],
  ['Source', `${ev.source} · ${ev.instance}`],
  ['Event id', html`<code>${ev.id}</code>`],
  ['Actor', html`${personText(ev.actor)} <span class="kind">${ev.actor.kind}</span>`],
  ['Project', ev.project],
  ['Environment', ev.environment],
  ['Flag', ev.flag ? html`<code>${ev.flag}</code>` : null],
])}
</section>`
  : null}
</div>
<div class="stack">
${changeRequestCard(v.changeRequest, v)}
${grantsCard(v.grants, v)}
<section class="card" aria-labelledby="body-title">
<h2 id="body-title">Entry body</h2>
<p class="hint">Indented for reading. The hashed text is the canonical (RFC 8785) form below it, ${formatNumber(e.bodyBytes)} bytes of UTF-8.</p>
<pre class="json" tabindex="0" aria-label="Entry body, indented"><code>${e.pretty}</code></pre>
<details><summary>Exact hashed body (JCS)</summary><pre class="json" tabindex="0" aria-label="Entry body as hashed"><code>${e.body}</code></pre></details>
</section>
</div>`;
  return page({ title: `Ledger entry #${e.seq}`, header: v.header, home: controlsHref(sel), crumbs, body });
}
