import { CheckDefinition, Framework } from '../catalog/catalog.types';
import { CheckResult, CheckStatus, ControlStatus } from './check.types';

export interface ControlResult {
  id: string;
  title: string;
  status: ControlStatus;
  checks: string[];
  exceptions: number;
}

const SEVERITY: Record<CheckStatus, number> = { 'not-applicable': 0, pass: 1, 'insufficient-evidence': 2, fail: 3 };

/** The checks mapped to each control of a framework; a baseline takes its catalog's mapping. */
export function checksByControl(framework: Framework, checks: CheckDefinition[]): Map<string, string[]> {
  const mappingKey = framework.kind === 'baseline' ? framework.over! : framework.id;
  const inScope = new Set(framework.controls.map((c) => c.id));
  const out = new Map<string, string[]>();
  for (const check of checks) {
    for (const row of check.controls[mappingKey] ?? []) {
      if (!inScope.has(row.control)) continue;
      const list = out.get(row.control) ?? [];
      if (!list.includes(check.id)) list.push(check.id);
      out.set(row.control, list);
    }
  }
  return out;
}

/** A control's status is the worst of its checks; a control with no check is "not covered", never passing. */
export function controlStatuses(framework: Framework, mapping: Map<string, string[]>, results: Map<string, CheckResult>): ControlResult[] {
  return framework.controls.map((control) => {
    const ids = mapping.get(control.id) ?? [];
    if (ids.length === 0) return { id: control.id, title: control.title, status: 'not-covered', checks: [], exceptions: 0 };
    const rs = ids.map((id) => results.get(id)!).filter(Boolean);
    const worst = rs.reduce<CheckStatus>((w, r) => (SEVERITY[r.status] > SEVERITY[w] ? r.status : w), 'not-applicable');
    return { id: control.id, title: control.title, status: worst, checks: ids, exceptions: rs.reduce((n, r) => n + r.exceptions.length, 0) };
  });
}
