import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { EvidentError } from '../common/errors';
import {
  BASELINE_LEVELS,
  BaselineLevel,
  BaselineParameter,
  BaselineRequirement,
  Catalog,
  CHECK_FREQUENCIES,
  CheckDefinition,
  Control,
  Framework,
  FrameworkId,
  ISO_THEMES,
  IsoTheme,
  MappingRow,
  Policy,
  PROVENANCES,
  REVIEW_FREQUENCIES,
  SourceRef,
} from './catalog.types';

export * from './catalog.types';

/** A catalog, check or policy file is wrong. Names the file and the path inside it. */
export class CatalogError extends EvidentError {
  readonly code = 'invalid-catalog';
  constructor(
    readonly file: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${file}: ${path || '(top level)'}: ${problem}`, { file, path, problem });
  }
}

// ---------------------------------------------------------------------------------------------
// Control ids

/**
 * How a framework writes its ids. `auto` recognises NIST, ISO and SOC 2 forms; `verbatim` (user
 * frameworks) only trims, so a custom id such as `5.1` is never mistaken for ISO `A.5.1`.
 */
export type ControlIdScheme = 'auto' | 'nist' | 'iso' | 'soc2' | 'verbatim';

const NIST_INPUT = /^([A-Za-z]{2})-0*([1-9]\d*)(?:\.0*([1-9]\d*)|\(0*([1-9]\d*)\))?$/;
const ISO_INPUT = /^(?:A\.?)?([5-8])\.0*([1-9]\d*)$/i;
const SOC2_INPUT = /^(CC|PI|A|C|P)([1-9])\.0*([1-9]\d*)(?:\.0*([1-9]\d*))?$/i;

const NORMALIZED: Record<Exclude<ControlIdScheme, 'auto' | 'verbatim'>, RegExp> = {
  nist: /^[A-Z]{2}-[1-9]\d*(?:\([1-9]\d*\))?$/,
  iso: /^A\.[5-8]\.[1-9]\d*$/,
  soc2: /^(?:CC[1-9]|A1|C1|PI1|P[1-8])\.[1-9]\d*(?:\.[1-9]\d*)?$/,
};

function normalizeNist(compact: string): string | undefined {
  const m = NIST_INPUT.exec(compact);
  if (!m) return undefined;
  const enhancement = m[3] ?? m[4];
  return `${m[1].toUpperCase()}-${m[2]}${enhancement ? `(${enhancement})` : ''}`;
}

function normalizeIso(compact: string): string | undefined {
  const m = ISO_INPUT.exec(compact);
  return m ? `A.${m[1]}.${m[2]}` : undefined;
}

function normalizeSoc2(compact: string): string | undefined {
  const m = SOC2_INPUT.exec(compact);
  return m ? `${m[1].toUpperCase()}${m[2]}.${m[3]}${m[4] ? `.${m[4]}` : ''}` : undefined;
}

/**
 * One spelling per control: OSCAL `ac-2.3`, FedRAMP `AC-2 (3)` and zero-padded `AC-02(03)` all
 * become `AC-2(3)`; ISO `5.15` becomes `A.5.15`; SOC 2 `cc8.1` becomes `CC8.1`. Ids that match no
 * known form are returned trimmed, unchanged.
 */
export function normalizeControlId(raw: string, scheme: ControlIdScheme = 'auto'): string {
  const trimmed = raw.trim();
  if (scheme === 'verbatim') return trimmed;
  const compact = trimmed.replace(/\s+/g, '');
  const attempts = { nist: normalizeNist, iso: normalizeIso, soc2: normalizeSoc2 };
  const order = scheme === 'auto' ? (['nist', 'iso', 'soc2'] as const) : ([scheme] as const);
  for (const name of order) {
    const normalized = attempts[name](compact);
    if (normalized) return normalized;
  }
  return trimmed;
}

const BUILT_IN_SCHEMES: Record<string, ControlIdScheme> = {
  soc2: 'soc2',
  iso27001: 'iso',
  'nist-800-53r5': 'nist',
};

function schemeOf(frameworkId: FrameworkId): ControlIdScheme {
  return BUILT_IN_SCHEMES[frameworkId] ?? 'verbatim';
}

function isNormalized(id: string, scheme: ControlIdScheme): boolean {
  if (scheme === 'auto' || scheme === 'verbatim') return id.length > 0 && id === id.trim();
  return NORMALIZED[scheme].test(id);
}

/** The id a NIST enhancement or SOC 2 point of focus must name as its parent. */
function impliedParent(id: string, scheme: ControlIdScheme): string | undefined {
  if (scheme === 'nist') return /^(.*)\(\d+\)$/.exec(id)?.[1];
  if (scheme === 'soc2') return /^(.*\.\d+)\.\d+$/.exec(id)?.[1];
  return undefined;
}

function impliedFamily(id: string, scheme: ControlIdScheme): string | undefined {
  if (scheme === 'nist') return id.slice(0, 2);
  if (scheme === 'soc2') return id.slice(0, id.indexOf('.'));
  if (scheme === 'iso') return id.slice(0, 3);
  return undefined;
}

const ISO_THEME_BY_CLAUSE: Record<string, IsoTheme> = {
  'A.5': 'organizational',
  'A.6': 'people',
  'A.7': 'physical',
  'A.8': 'technological',
};

// ---------------------------------------------------------------------------------------------
// Reading YAML with paths for errors

/** A value inside a file together with where it is, so that every error names file and path. */
class Node {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new CatalogError(this.file, this.path, problem);
  }

  at(key: string | number, value: unknown): Node {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new Node(this.file, path, value);
  }
}

interface Fields {
  req(key: string): Node;
  opt(key: string): Node | undefined;
}

/** A mapping with exactly the allowed keys; unknown keys are errors, not silently ignored. */
function fields(node: Node, required: readonly string[], optional: readonly string[] = []): Fields {
  const value = node.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) node.fail('expected a mapping');
  const record = value as Record<string, unknown>;
  const allowed = new Set([...required, ...optional]);
  for (const key of Object.keys(record)) {
    if (!allowed.has(key)) node.at(key, record[key]).fail(`unknown key "${key}" (allowed: ${[...allowed].join(', ')})`);
  }
  for (const key of required) if (!(key in record)) node.fail(`missing key "${key}"`);
  return {
    req: (key) => node.at(key, record[key]),
    opt: (key) => (record[key] === undefined || record[key] === null ? undefined : node.at(key, record[key])),
  };
}

function str(node: Node): string {
  if (typeof node.value !== 'string' || node.value.trim() === '') node.fail('expected a non-empty string');
  return node.value;
}

function optStr(node: Node | undefined): string | undefined {
  return node === undefined ? undefined : str(node);
}

function list(node: Node, { nonEmpty = false } = {}): Node[] {
  if (!Array.isArray(node.value)) node.fail('expected a list');
  if (nonEmpty && node.value.length === 0) node.fail('expected at least one entry');
  return node.value.map((item, i) => node.at(i, item));
}

/** The entries of a mapping whose keys are data (policy names, framework ids), not field names. */
function entries(node: Node): [string, Node][] {
  const value = node.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) node.fail('expected a mapping');
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, node.at(key, v)]);
}

function oneOf<T extends string>(node: Node, allowed: readonly T[]): T {
  if (typeof node.value !== 'string' || !(allowed as readonly string[]).includes(node.value)) {
    node.fail(`expected one of ${allowed.join(', ')}`);
  }
  return node.value as T;
}

function positiveInt(node: Node): number {
  if (typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value <= 0) node.fail('expected a positive integer');
  return node.value;
}

function identifier(node: Node, pattern: RegExp, what: string): string {
  const value = str(node);
  if (!pattern.test(value)) node.fail(`"${value}" is not a valid ${what} (${pattern.source})`);
  return value;
}

const FRAMEWORK_ID = /^[a-z0-9][a-z0-9-]*$/;
const CHECK_ID = /^[A-Z]{3}-[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
const POLICY_ID = FRAMEWORK_ID;

/** YAML reads `5.10` as the number 5.1, so control ids must be strings to survive at all. */
function controlIdText(node: Node): string {
  if (typeof node.value === 'number') node.fail(`control id ${node.value} is a number in YAML; quote it ("5.10" would read as 5.1)`);
  return str(node);
}

/** The id where a control is defined: it must already be in the framework's normalized form. */
function definedControlId(node: Node, scheme: ControlIdScheme): string {
  const id = controlIdText(node);
  if (!isNormalized(id, scheme)) {
    const suggestion = normalizeControlId(id, scheme);
    const hint = suggestion !== id && isNormalized(suggestion, scheme) ? `; write "${suggestion}"` : '';
    node.fail(`control id "${id}" is not in normalized ${scheme} form${hint}`);
  }
  return id;
}

function readYaml(file: string): Node {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError(file, '', `cannot read: ${(err as Error).message}`);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new CatalogError(file, first.linePos ? `line ${first.linePos[0].line}` : '', first.message.split('\n')[0]);
  }
  return new Node(file, '', doc.toJS());
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new CatalogError(dir, '', 'directory does not exist');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Frameworks

const CATALOG_KEYS = ['version', 'last_modified', 'licence', 'licence_note', 'source', 'note', 'families'] as const;
const CONTROL_KEYS = ['parent', 'family', 'theme', 'oscal_id', 'title_source', 'baselines'] as const;

/** Where a nist-800-53r5 control says it belongs, to cross-check against the baseline files. */
type DeclaredBaselines = Map<string, Set<string>>;

interface LoadState {
  frameworks: Map<FrameworkId, Framework>;
  controlIds: Map<FrameworkId, Set<string>>;
  declaredBaselines: Map<FrameworkId, DeclaredBaselines>;
  checks: Map<string, CheckDefinition>;
  policies: Map<string, Policy>;
}

function parseSources(node: Node | undefined): SourceRef[] | undefined {
  if (!node) return undefined;
  return list(node).map((item) => {
    const f = fields(item, ['repo', 'commit', 'files']);
    return { repo: str(f.req('repo')), commit: str(f.req('commit')), files: list(f.req('files')).map(str) };
  });
}

function parseFamilies(node: Node | undefined): Record<string, string> | undefined {
  if (!node) return undefined;
  return Object.fromEntries(entries(node).map(([key, entry]) => [key, str(entry)]));
}

function parseDeclaredBaselines(node: Node, controlId: string, declared: DeclaredBaselines): void {
  const f = fields(node, [], ['nist', 'fedramp']);
  for (const family of ['nist', 'fedramp']) {
    const levels = f.opt(family);
    if (!levels) continue;
    for (const level of list(levels)) {
      const framework = `${family}-${oneOf<BaselineLevel>(level, BASELINE_LEVELS)}`;
      if (!declared.has(framework)) declared.set(framework, new Set());
      declared.get(framework)!.add(controlId);
    }
  }
}

function parseControl(node: Node, frameworkId: FrameworkId, declared: DeclaredBaselines): Control {
  const scheme = schemeOf(frameworkId);
  const f = fields(node, ['id', 'title'], CONTROL_KEYS);
  const id = definedControlId(f.req('id'), scheme);
  const control: Control = { id, title: str(f.req('title')) };

  const implied = impliedParent(id, scheme);
  const parent = f.opt('parent');
  if (parent) control.parent = definedControlId(parent, scheme);
  if (implied !== control.parent && scheme !== 'verbatim') {
    (parent ?? node).fail(implied ? `"${id}" must name its parent "${implied}"` : `"${id}" is top-level and cannot have a parent`);
  }

  const family = optStr(f.opt('family')) ?? impliedFamily(id, scheme);
  if (family !== undefined && scheme !== 'verbatim' && family !== impliedFamily(id, scheme)) {
    f.req('family').fail(`family "${family}" does not match the id "${id}"`);
  }
  if (family !== undefined) control.family = family;

  const theme = f.opt('theme');
  if (theme) control.theme = oneOf<IsoTheme>(theme, ISO_THEMES);
  if (scheme === 'iso') {
    const expected = ISO_THEME_BY_CLAUSE[control.family!];
    if (control.theme !== expected) (theme ?? node).fail(`"${id}" belongs to theme "${expected}"`);
  }

  const oscalId = f.opt('oscal_id');
  if (oscalId) {
    control.oscalId = str(oscalId);
    if (normalizeControlId(control.oscalId, 'nist') !== id) oscalId.fail(`OSCAL id "${control.oscalId}" does not match "${id}"`);
  }
  const titleSource = f.opt('title_source');
  if (titleSource) control.titleSource = oneOf(titleSource, ['unknown'] as const);
  if (scheme === 'soc2' && control.parent) control.pointOfFocus = true;

  const baselines = f.opt('baselines');
  if (baselines) parseDeclaredBaselines(baselines, id, declared);
  return control;
}

function frameworkIdOf(node: Node, state: LoadState): string {
  const id = identifier(node, FRAMEWORK_ID, 'framework id');
  const existing = state.frameworks.get(id);
  if (existing) node.fail(`framework "${id}" is already defined in ${existing.file}`);
  return id;
}

function addCatalog(root: Node, state: LoadState): void {
  const f = fields(root, ['framework', 'name', 'controls'], CATALOG_KEYS);
  const id = frameworkIdOf(f.req('framework'), state);
  const declared: DeclaredBaselines = new Map();
  const controls = list(f.req('controls'), { nonEmpty: true }).map((node) => parseControl(node, id, declared));
  const families = parseFamilies(f.opt('families'));
  checkControlSet(f.req('controls'), controls, families);

  state.frameworks.set(id, {
    id,
    name: str(f.req('name')),
    kind: 'catalog',
    version: optStr(f.opt('version')),
    licence: optStr(f.opt('licence')),
    licenceNote: optStr(f.opt('licence_note')),
    sources: parseSources(f.opt('source')),
    families,
    controls,
    file: root.file,
  });
  state.controlIds.set(id, new Set(controls.map((c) => c.id)));
  state.declaredBaselines.set(id, declared);
}

/** Ids are unique, parents exist, and families (when listed) are known. */
function checkControlSet(node: Node, controls: Control[], families: Record<string, string> | undefined): void {
  const seen = new Set<string>();
  controls.forEach((control, i) => {
    const at = node.at(i, control);
    if (seen.has(control.id)) at.fail(`duplicate control id "${control.id}"`);
    seen.add(control.id);
    if (families && control.family !== undefined && !(control.family in families)) {
      at.fail(`family "${control.family}" is not listed under families`);
    }
  });
  controls.forEach((control, i) => {
    if (control.parent && !seen.has(control.parent)) node.at(i, control).fail(`parent "${control.parent}" is not in this catalog`);
  });
}

interface ControlSet {
  frameworkId: FrameworkId;
  scheme: ControlIdScheme;
  ids: Set<string>;
}

function parseParameters(node: Node | undefined, baseline: ControlSet): BaselineParameter[] | undefined {
  if (!node) return undefined;
  return list(node).map((item) => {
    const f = fields(item, ['param_id', 'control', 'defines', 'value'], ['alt_id']);
    const control = controlRef(f.req('control'), baseline);
    return {
      paramId: str(f.req('param_id')),
      altId: optStr(f.opt('alt_id')),
      control,
      defines: str(f.req('defines')),
      value: str(f.req('value')),
    };
  });
}

function parseRequirements(node: Node | undefined, baseline: ControlSet): BaselineRequirement[] | undefined {
  if (!node) return undefined;
  return list(node).map((item) => {
    const f = fields(item, ['control', 'label', 'text']);
    return { control: controlRef(f.req('control'), baseline), label: str(f.req('label')), text: str(f.req('text')) };
  });
}

/** A reference to a control: any recognised spelling, normalized, and it must exist. */
function controlRef(node: Node, set: ControlSet): string {
  const id = normalizeControlId(controlIdText(node), set.scheme);
  if (!set.ids.has(id)) node.fail(`control "${id}" is not in framework ${set.frameworkId}`);
  return id;
}

/** Baselines write ids the way their catalog does. */
function controlSet(state: LoadState, frameworkId: FrameworkId): ControlSet {
  const framework = state.frameworks.get(frameworkId)!;
  return {
    frameworkId,
    scheme: schemeOf(framework.over ?? frameworkId),
    ids: state.controlIds.get(frameworkId)!,
  };
}

function addBaseline(root: Node, state: LoadState): void {
  const f = fields(root, ['framework', 'name', 'over', 'controls'], [...CATALOG_KEYS, 'parameters', 'requirements']);
  const id = frameworkIdOf(f.req('framework'), state);
  const overNode: Node = f.req('over');
  const over = str(overNode);
  const catalog = state.frameworks.get(over);
  if (!catalog || catalog.kind !== 'catalog') overNode.fail(`"${over}" is not a loaded catalog framework`);

  const known = controlSet(state, over);
  const members = new Set<string>();
  for (const item of list(f.req('controls'), { nonEmpty: true })) {
    const controlId = controlRef(item, known);
    if (members.has(controlId)) item.fail(`duplicate control id "${controlId}"`);
    members.add(controlId);
  }
  checkDeclaredBaseline(f.req('controls'), id, members, state.declaredBaselines.get(over)!);

  state.frameworks.set(id, {
    id,
    name: str(f.req('name')),
    kind: 'baseline',
    over,
    version: optStr(f.opt('version')),
    licence: optStr(f.opt('licence')),
    licenceNote: optStr(f.opt('licence_note')),
    sources: parseSources(f.opt('source')),
    families: parseFamilies(f.opt('families')) ?? catalog.families,
    // Catalog order, so every baseline lists controls the same way as its catalog.
    controls: catalog.controls.filter((c) => members.has(c.id)),
    parameters: parseParameters(f.opt('parameters'), { frameworkId: id, scheme: known.scheme, ids: members }),
    requirements: parseRequirements(f.opt('requirements'), { frameworkId: id, scheme: known.scheme, ids: members }),
    file: root.file,
  });
  state.controlIds.set(id, members);
}

/** The catalog's per-control `baselines` and the baseline file must agree; a hand edit to one is caught. */
function checkDeclaredBaseline(node: Node, baselineId: FrameworkId, members: Set<string>, declared: DeclaredBaselines): void {
  const expected = declared.get(baselineId);
  if (!expected) return;
  const missing = [...expected].filter((id) => !members.has(id));
  const extra = [...members].filter((id) => !expected.has(id));
  if (missing.length || extra.length) {
    node.fail(`differs from the catalog's baselines for ${baselineId}: missing [${missing.join(', ')}], extra [${extra.join(', ')}]`);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks and mappings

function parseRows(node: Node, frameworkId: FrameworkId, state: LoadState, existing: MappingRow[]): MappingRow[] {
  const known = controlSet(state, frameworkId);
  const seen = new Set(existing.map((row) => row.control));
  return list(node, { nonEmpty: true }).map((item) => {
    const f = fields(item, ['control', 'provenance', 'rationale']);
    const control = controlRef(f.req('control'), known);
    if (seen.has(control)) f.req('control').fail(`"${control}" is mapped twice for this check`);
    seen.add(control);
    return { control, provenance: oneOf(f.req('provenance'), PROVENANCES), rationale: str(f.req('rationale')) };
  });
}

/** Mapping rows name catalog frameworks only; baselines inherit them. */
function mappedFramework(id: string, node: Node, state: LoadState): FrameworkId {
  const framework = state.frameworks.get(id);
  if (!framework) node.fail(`unknown framework "${id}"`);
  if (framework.kind === 'baseline') node.fail(`"${id}" is a baseline; map to its catalog "${framework.over}" instead`);
  return id;
}

function addMappings(controlsNode: Node, check: CheckDefinition, state: LoadState): void {
  for (const [key, perFramework] of entries(controlsNode)) {
    const frameworkId = mappedFramework(key, perFramework, state);
    const existing = check.controls[frameworkId] ?? [];
    check.controls[frameworkId] = [...existing, ...parseRows(perFramework, frameworkId, state, existing)];
  }
}

function addChecks(root: Node, state: LoadState): void {
  const f = fields(root, ['checks']);
  for (const item of list(f.req('checks'), { nonEmpty: true })) {
    const c = fields(item, ['id', 'title', 'description', 'frequency', 'controls']);
    const id = identifier(c.req('id'), CHECK_ID, 'check id');
    if (state.checks.has(id)) c.req('id').fail(`duplicate check id "${id}"`);
    const check: CheckDefinition = {
      id,
      title: str(c.req('title')),
      description: str(c.req('description')),
      frequency: oneOf(c.req('frequency'), CHECK_FREQUENCIES),
      controls: {},
    };
    addMappings(c.req('controls'), check, state);
    state.checks.set(id, check);
  }
}

/** User mapping files add rows to existing checks; checks themselves are code, not data. */
function addMappingFile(root: Node, state: LoadState): void {
  const f = fields(root, ['mappings']);
  for (const item of list(f.req('mappings'), { nonEmpty: true })) {
    const m = fields(item, ['check', 'controls']);
    const checkNode: Node = m.req('check');
    const check = state.checks.get(str(checkNode));
    if (!check) checkNode.fail(`unknown check "${str(checkNode)}"`);
    addMappings(m.req('controls'), check, state);
  }
}

// ---------------------------------------------------------------------------------------------
// Policies

const POLICY_NUMBERS = [
  'inactivityDays',
  'retentionDays',
  'checkpointIntervalMinutes',
  'connectorLagMinutes',
  'staleReleaseFlagDays',
  'emergencyWindowHours',
  'remediationDeadlineDays',
  'terminationGraceHours',
] as const;
const POLICY_FREQUENCIES = ['privilegedReviewFrequency', 'nonPrivilegedReviewFrequency'] as const;

function parsePolicy(name: string, node: Node): Policy {
  const id = identifier(new Node(node.file, node.path, name), POLICY_ID, 'policy name');
  const f = fields(node, ['name', ...POLICY_NUMBERS, ...POLICY_FREQUENCIES], ['description']);
  const numbers = Object.fromEntries(POLICY_NUMBERS.map((key) => [key, positiveInt(f.req(key))])) as Record<
    (typeof POLICY_NUMBERS)[number],
    number
  >;
  return {
    id,
    name: str(f.req('name')),
    description: optStr(f.opt('description')),
    ...numbers,
    privilegedReviewFrequency: oneOf(f.req('privilegedReviewFrequency'), REVIEW_FREQUENCIES),
    nonPrivilegedReviewFrequency: oneOf(f.req('nonPrivilegedReviewFrequency'), REVIEW_FREQUENCIES),
  };
}

function addPolicies(root: Node, state: LoadState): void {
  const f = fields(root, ['policies']);
  for (const [name, node] of entries(f.req('policies'))) {
    const policy = parsePolicy(name, node);
    if (state.policies.has(policy.id)) node.fail(`policy "${policy.id}" is already defined`);
    state.policies.set(policy.id, policy);
  }
}

// ---------------------------------------------------------------------------------------------
// Putting it together

type FileKind = 'catalog' | 'baseline' | 'mappings' | 'policies';

function kindOf(root: Node): FileKind {
  const value = root.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) root.fail('expected a mapping at the top level');
  const keys = Object.keys(value);
  if (keys.includes('framework')) return keys.includes('over') ? 'baseline' : 'catalog';
  if (keys.includes('mappings')) return 'mappings';
  if (keys.includes('policies')) return 'policies';
  if (keys.includes('checks')) root.at('checks', undefined).fail('new checks cannot be added by file; map existing checks with "mappings:"');
  return root.fail('cannot tell the kind of file: expected a top-level "framework:", "mappings:" or "policies:" key');
}

/** Catalogs first, then baselines over them, so load order inside a directory does not matter. */
function addFrameworkFiles(roots: Node[], state: LoadState): void {
  for (const root of roots) if (kindOf(root) === 'catalog') addCatalog(root, state);
  for (const root of roots) if (kindOf(root) === 'baseline') addBaseline(root, state);
}

/** Baselines get their catalog's rows for their controls; every framework gets a key. */
function completeMappings(state: LoadState): void {
  for (const check of state.checks.values()) {
    for (const framework of state.frameworks.values()) {
      if (framework.kind === 'catalog') {
        check.controls[framework.id] ??= [];
        continue;
      }
      const members = state.controlIds.get(framework.id)!;
      const inherited = check.controls[framework.over!] ?? [];
      check.controls[framework.id] = inherited.filter((row) => members.has(row.control));
    }
  }
}

const FRAMEWORK_ORDER = [
  'soc2',
  'iso27001',
  'nist-800-53r5',
  'fedramp-low',
  'fedramp-moderate',
  'fedramp-high',
  'nist-low',
  'nist-moderate',
  'nist-high',
];

function frameworkRank(id: FrameworkId): number {
  const i = FRAMEWORK_ORDER.indexOf(id);
  return i < 0 ? FRAMEWORK_ORDER.length : i;
}

function sortedFrameworks(frameworks: Iterable<Framework>): Framework[] {
  return [...frameworks].sort((a, b) => frameworkRank(a.id) - frameworkRank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** controls/ beside the package root; works from src/ (tests, ts) and dist/src/ (build). */
export function defaultControlsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'controls');
    if (existsSync(join(candidate, 'checks.yaml'))) return candidate;
    dir = dirname(dir);
  }
  return resolve(__dirname, '../../controls');
}

/**
 * Reads and validates controls/ (catalogs/*.yaml, checks.yaml, policy.yaml) and then every
 * *.yaml in each extra directory (user catalogs, baselines, mappings, policy presets). Throws a
 * CatalogError naming the file and the path inside it on the first problem. Synchronous and
 * side-effect free: call it once at start-up and share the result.
 */
export function loadCatalog(dir: string = defaultControlsDir(), extraDirs: string[] = []): Catalog {
  const state: LoadState = {
    frameworks: new Map(),
    controlIds: new Map(),
    declaredBaselines: new Map(),
    checks: new Map(),
    policies: new Map(),
  };
  const builtIn = yamlFiles(join(dir, 'catalogs')).map(readYaml);
  for (const root of builtIn) {
    const kind = kindOf(root);
    if (kind !== 'catalog' && kind !== 'baseline') root.fail('catalogs/ holds only catalog and baseline files');
  }
  const extras = extraDirs.flatMap((extraDir) => yamlFiles(resolve(extraDir)).map(readYaml));

  addFrameworkFiles([...builtIn, ...extras.filter((root) => ['catalog', 'baseline'].includes(kindOf(root)))], state);
  addChecks(readYaml(join(dir, 'checks.yaml')), state);
  addPolicies(readYaml(join(dir, 'policy.yaml')), state);
  if (!state.policies.has('default')) throw new CatalogError(join(dir, 'policy.yaml'), 'policies', 'a "default" policy is required');
  for (const root of extras) {
    const kind = kindOf(root);
    if (kind === 'mappings') addMappingFile(root, state);
    if (kind === 'policies') addPolicies(root, state);
  }
  completeMappings(state);

  return {
    frameworks: sortedFrameworks(state.frameworks.values()),
    checks: [...state.checks.values()],
    policies: Object.fromEntries(state.policies),
  };
}
