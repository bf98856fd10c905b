import { InvalidInputError } from '../../common/errors';
import { JsonObject, describeJsonShape, isJsonObject } from '../../ingest/adapters/event-adapter';
import { parseLaunchDarklyResource } from '../../ingest/adapters/launchdarkly.adapter';
import { assertSafeJson } from '../../ingest/json-safety';
import { AccessSnapshot, Capability, SnapshotAdapter, SnapshotContext, SnapshotPrincipal } from '../access-snapshot';
import {
  SnapshotBuilder,
  attachRaw,
  compareStrings,
  listIn,
  optionalText,
  requireObjectAt,
  requireText,
  resolveTakenAt,
  snapshotFieldError,
  sortCapabilities,
} from './evident-snapshot.adapter';

/**
 * The combined document a LaunchDarkly export is saved as: GET /api/v2/members, /api/v2/roles and
 * (optionally) /api/v2/teams, each as returned (`{items: [...]}`) or as a bare array, plus the
 * time the export was made.
 */
export interface LaunchDarklySnapshotDocument {
  exportedAt?: string;
  takenAt?: string;
  members: unknown;
  customRoles?: unknown;
  teams?: unknown;
}

const DOCUMENT_FIELDS: ReadonlySet<string> = new Set(['members', 'customRoles', 'roles', 'teams', 'exportedAt', 'takenAt']);

export const LAUNCHDARKLY_BASE_ROLES: Readonly<Record<string, Capability[]>> = {
  owner: ['admin'],
  admin: ['admin'],
  writer: ['flag.write', 'change.apply'],
  reader: [],
  no_access: [],
};

/**
 * Flag actions that change what a flag serves in one environment. Flag-wide actions (createFlag,
 * deleteFlag, updateGlobalArchived, updateFlagVariations …) are left out on purpose, as for Unleash:
 * flag.write means "may change production serving", and counting a create-only role as that
 * would let CHG-ACTOR-AUTHORIZED pass for people who could not toggle production.
 */
export const LAUNCHDARKLY_FLAG_WRITE_ACTIONS: readonly string[] = [
  'updateOn',
  'updateRules',
  'updateFallthrough',
  'updateTargets',
  'updateOffVariation',
  'updatePrerequisites',
  'updateExpiringTargets',
  'updateScheduledChanges',
  'updateFeatureWorkflows',
  'updateRulesWithMeasuredRollout',
  'updateFallthroughWithMeasuredRollout',
  'stopMeasuredRolloutOnFlagFallthrough',
  'stopMeasuredRolloutOnFlagRule',
  'copyFlagConfigTo',
];

const FLAG_CAPABILITY_ACTIONS: readonly [Capability, readonly string[]][] = [
  ['flag.write', LAUNCHDARKLY_FLAG_WRITE_ACTIONS],
  ['change.approve', ['reviewApprovalRequest']],
  ['change.apply', ['applyApprovalRequest']],
  ['change.skip', ['bypassRequiredApproval']],
];

/** Resources whose management is managing access: people, roles, teams, tokens. */
const ACCESS_RESOURCE_KINDS: ReadonlySet<string> = new Set(['member', 'role', 'team', 'service-token', 'token']);

const MIN_EPOCH_MS = Date.UTC(2000, 0, 1);
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * LaunchDarkly members, custom roles and teams → snapshot. Principals are members (`_id`);
 * a member's base role gives a `base-role` grant, each custom role a `direct` grant and each
 * team's roles a `team:<key>` grant, one per project/environment the role's policy reaches.
 *
 * Policies are approximated, not evaluated exactly (see evaluatePolicy): allow statements
 * are widened when they use tags, property selectors, key globs or notResources; deny statements
 * only remove access when they cover a whole allowed scope exactly. The snapshot may therefore
 * show more access than LaunchDarkly grants, never less, which is the safe side for a review.
 */
export class LaunchDarklySnapshotAdapter implements SnapshotAdapter {
  readonly source = 'launchdarkly';

  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot {
    assertSafeJson(doc, 0);
    if (!isJsonObject(doc)) {
      const message = `expected {"members": ..., "customRoles": ..., "teams": ...}, got ${describeJsonShape(doc)}`;
      throw new InvalidInputError(message, [{ message }]);
    }
    for (const key of Object.keys(doc)) {
      if (!DOCUMENT_FIELDS.has(key)) throw snapshotFieldError(key, `unknown field (allowed: ${[...DOCUMENT_FIELDS].join(', ')})`);
    }
    if (doc.members === undefined || doc.members === null) throw snapshotFieldError('members', 'is required (GET /api/v2/members)');
    if (doc.customRoles !== undefined && doc.roles !== undefined) throw snapshotFieldError('roles', 'give custom roles once, as customRoles');
    const takenAt = resolveTakenAt(ctx, doc);

    const roles = readRoles(doc);
    const teams = readTeams(doc.teams);
    const builder = new SnapshotBuilder();
    const members = listIn(doc.members, 'members', ['items']);
    const seen = new Map<string, number>();
    members.items.forEach((item, i) => {
      const member = readMember(item, `${members.path}[${i}]`, i, seen);
      builder.addPrincipal(member.principal);
      addMemberGrants(member, roles, teams, builder);
    });
    return attachRaw(builder.build(this.source, ctx.instance, takenAt), doc);
  }
}

/** Assembles the combined document from the three API responses (for a connector). */
export function buildLaunchDarklySnapshotDocument(parts: { members: unknown; customRoles?: unknown; teams?: unknown; exportedAt: string }): LaunchDarklySnapshotDocument {
  const doc: LaunchDarklySnapshotDocument = { exportedAt: parts.exportedAt, members: parts.members };
  if (parts.customRoles !== undefined) doc.customRoles = parts.customRoles;
  if (parts.teams !== undefined) doc.teams = parts.teams;
  return doc;
}

// --- members

interface Member {
  principal: SnapshotPrincipal;
  path: string;
  index: number;
  baseRole: string;
  customRoles: { ref: string; path: string }[];
  teams: { key: string; roleKeys?: string[]; path: string }[];
  permissionGrants: { resource: string; role: string }[];
}

function readMember(item: unknown, path: string, index: number, seen: Map<string, number>): Member {
  const m = requireObjectAt(item, path, index, 'a member object');
  const id = requireText(m, '_id', `${path}._id`, index);
  const first = seen.get(id);
  if (first !== undefined) throw snapshotFieldError(`${path}._id`, `duplicate member id ${JSON.stringify(id)} (also members[${first}])`, index);
  seen.set(id, index);

  // LaunchDarkly has no disabled state: a member is removed, or reduced to no_access.
  const principal: SnapshotPrincipal = { id, kind: 'user', active: true };
  const email = optionalText(m, 'email', `${path}.email`, index);
  if (email !== undefined && email !== '') principal.email = email;
  const name = [optionalText(m, 'firstName', `${path}.firstName`, index), optionalText(m, 'lastName', `${path}.lastName`, index)].filter((s) => s).join(' ');
  if (name !== '') principal.name = name;
  const lastSeen = lastSeenOf(m._lastSeen, `${path}._lastSeen`, index);
  if (lastSeen !== undefined) principal.lastSeenAt = lastSeen;

  return {
    principal,
    path,
    index,
    baseRole: baseRoleOf(m, path, index),
    customRoles: stringList(m.customRoles, `${path}.customRoles`, index).map((ref, k) => ({ ref, path: `${path}.customRoles[${k}]` })),
    teams: memberTeams(m.teams, `${path}.teams`, index),
    permissionGrants: permissionGrantsOf(m.permissionGrants, `${path}.permissionGrants`, index),
  };
}

function baseRoleOf(m: JsonObject, path: string, index: number): string {
  const role = requireText(m, 'role', `${path}.role`, index);
  if (!Object.prototype.hasOwnProperty.call(LAUNCHDARKLY_BASE_ROLES, role)) {
    throw snapshotFieldError(`${path}.role`, `${JSON.stringify(role.slice(0, 64))} is not a base role (one of ${Object.keys(LAUNCHDARKLY_BASE_ROLES).join(', ')})`, index);
  }
  return role;
}

/**
 * `_lastSeen` is epoch milliseconds (some API renderings quote it). Never seen is written
 * `{"never": true}` in filters and exports, and some accounts return 0: both mean "no time".
 */
function lastSeenOf(value: unknown, field: string, index: number): string | undefined {
  if (value === undefined || value === null || value === 0) return undefined;
  if (isJsonObject(value) && (value.never === true || value.noData === true)) return undefined;
  const ms = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw snapshotFieldError(field, `must be Unix epoch milliseconds or {"never": true}, got ${describeJsonShape(value)} ${JSON.stringify(value)}`, index);
  }
  if (ms < MIN_EPOCH_MS || ms > MAX_EPOCH_MS) {
    const hint = ms > 0 && ms < MIN_EPOCH_MS ? ' (epoch seconds instead of milliseconds?)' : '';
    throw snapshotFieldError(field, `${ms} is out of range for Unix epoch milliseconds (2000-01-01 … 9999-12-31)${hint}`, index);
  }
  return new Date(ms).toISOString();
}

function stringList(value: unknown, path: string, index: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw snapshotFieldError(path, `must be an array of strings, got ${describeJsonShape(value)}`, index);
  return value.map((v: unknown, k: number) => {
    if (typeof v !== 'string' || v === '') throw snapshotFieldError(`${path}[${k}]`, `must be a non-empty string, got ${describeJsonShape(v)}`, index);
    return v;
  });
}

/** Member `teams: [{key, name, customRoleKeys}]`; customRoleKeys may be left out when teams are exported. */
function memberTeams(value: unknown, path: string, index: number): Member['teams'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw snapshotFieldError(path, `must be an array, got ${describeJsonShape(value)}`, index);
  return value.map((item: unknown, k: number) => {
    const at = `${path}[${k}]`;
    const team = requireObjectAt(item, at, index, 'a team summary object');
    const key = requireText(team, 'key', `${at}.key`, index);
    const roleKeys = team.customRoleKeys === undefined ? undefined : stringList(team.customRoleKeys, `${at}.customRoleKeys`, index);
    return { key, roleKeys, path: at };
  });
}

/**
 * `permissionGrants` let a member maintain a team (add people to it) without a role: that is
 * managing access, since the team's roles come with membership.
 */
function permissionGrantsOf(value: unknown, path: string, index: number): Member['permissionGrants'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw snapshotFieldError(path, `must be an array, got ${describeJsonShape(value)}`, index);
  return value.map((item: unknown, k: number) => {
    const at = `${path}[${k}]`;
    const grant = requireObjectAt(item, at, index, 'a permission grant object');
    const resource = requireText(grant, 'resource', `${at}.resource`, index);
    return { resource, role: optionalText(grant, 'actionSet', `${at}.actionSet`, index) ?? 'permission-grant' };
  });
}

// --- roles and teams

interface CustomRole {
  key: string;
  scopes: RoleScope[];
}

interface RoleScope {
  project: string;
  environment: string;
  capabilities: Capability[];
}

/** Custom roles by key and by `_id` (member.customRoles may hold either). */
function readRoles(doc: JsonObject): Map<string, CustomRole> {
  const field = doc.roles !== undefined ? 'roles' : 'customRoles';
  const list = listIn(doc[field], field, ['items']);
  const byRef = new Map<string, CustomRole>();
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const r = requireObjectAt(item, path, i, 'a custom role object');
    const key = requireText(r, 'key', `${path}.key`, i);
    if (byRef.has(key)) throw snapshotFieldError(`${path}.key`, `duplicate custom role key ${JSON.stringify(key)}`, i);
    const role: CustomRole = { key, scopes: evaluatePolicy(readStatements(r.policy, `${path}.policy`, i)) };
    byRef.set(key, role);
    const id = optionalText(r, '_id', `${path}._id`, i);
    if (id !== undefined && id !== '') byRef.set(id, role);
  });
  return byRef;
}

/** Team key → its custom role keys, from GET /api/v2/teams?expand=roles (`roles.items[].key`). */
function readTeams(value: unknown): Map<string, string[]> {
  const list = listIn(value, 'teams', ['items']);
  const byKey = new Map<string, string[]>();
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const t = requireObjectAt(item, path, i, 'a team object');
    const key = requireText(t, 'key', `${path}.key`, i);
    let roleKeys: string[] = [];
    if (t.customRoleKeys !== undefined) roleKeys = stringList(t.customRoleKeys, `${path}.customRoleKeys`, i);
    else if (t.roles !== undefined && t.roles !== null) {
      const roles = listIn(t.roles, `${path}.roles`, ['items']);
      roleKeys = roles.items.map((r, k) => requireText(requireObjectAt(r, `${roles.path}[${k}]`, i, 'a role summary'), 'key', `${roles.path}[${k}].key`, i));
    }
    byKey.set(key, roleKeys);
  });
  return byKey;
}

function addMemberGrants(member: Member, roles: Map<string, CustomRole>, teams: Map<string, string[]>, builder: SnapshotBuilder): void {
  const principal = member.principal.id;
  builder.addGrant({ principal, role: member.baseRole, project: '*', environment: '*', capabilities: LAUNCHDARKLY_BASE_ROLES[member.baseRole], via: 'base-role' });

  for (const { ref, path } of member.customRoles) addRoleGrants(principal, resolveRole(roles, ref, path, member.index), 'direct', builder);
  for (const team of member.teams) {
    const keys = team.roleKeys ?? teams.get(team.key);
    if (keys === undefined) {
      throw snapshotFieldError(`${team.path}.customRoleKeys`, `team ${JSON.stringify(team.key)}'s roles are unknown: include customRoleKeys, or the team in teams (expand=roles)`, member.index);
    }
    keys.forEach((key) => addRoleGrants(principal, resolveRole(roles, key, `${team.path}.customRoleKeys`, member.index), `team:${team.key}`, builder));
  }
  for (const grant of member.permissionGrants) {
    const kind = grant.resource.split('/')[0];
    if (ACCESS_RESOURCE_KINDS.has(kind)) {
      builder.addGrant({ principal, role: grant.role, project: '*', environment: '*', capabilities: ['access.admin'], via: `permission-grant:${grant.resource}` });
    }
  }
}

/** A role the export does not define cannot be assessed; guessing "no access" would hide it. */
function resolveRole(roles: Map<string, CustomRole>, ref: string, path: string, index: number): CustomRole {
  const role = roles.get(ref);
  if (!role) throw snapshotFieldError(path, `custom role ${JSON.stringify(ref)} is not in customRoles; export GET /api/v2/roles with the members`, index);
  return role;
}

function addRoleGrants(principal: string, role: CustomRole, via: string, builder: SnapshotBuilder): void {
  // A role reaching nothing Evident maps is still listed, so the review sees the assignment.
  const scopes = role.scopes.length > 0 ? role.scopes : [{ project: '*', environment: '*', capabilities: [] }];
  for (const scope of scopes) builder.addGrant({ principal, role: role.key, ...scope, via });
}

// --- policy statements

/** A set of actions: the listed ones (`only`), or every action except the listed ones (`except`). */
interface ActionSet {
  except: boolean;
  names: Set<string>;
}

interface Statement {
  effect: 'allow' | 'deny';
  actions: ActionSet;
  /** Parsed resources; undefined for notResources (everything but some). */
  resources: ParsedResource[] | undefined;
}

interface ParsedResource {
  categories: ('flag' | 'access')[];
  project: string;
  environment: string;
  /** False when tags, property selectors or key globs make the resource narrower than written here. */
  exact: boolean;
  /** The bare `*` resource: everything in the account. */
  everything: boolean;
}

function readStatements(value: unknown, path: string, index: number): Statement[] {
  if (!Array.isArray(value)) throw snapshotFieldError(path, `is required: the role's policy statements (an array), got ${describeJsonShape(value)}`, index);
  return value.map((item: unknown, k: number) => {
    const at = `${path}[${k}]`;
    const s = requireObjectAt(item, at, index, 'a policy statement');
    const effect = s.effect;
    if (effect !== 'allow' && effect !== 'deny') throw snapshotFieldError(`${at}.effect`, `must be "allow" or "deny", got ${JSON.stringify(effect)}`, index);
    const actions = eitherList(s, 'actions', 'notActions', at, index);
    const resources = eitherList(s, 'resources', 'notResources', at, index);
    return {
      effect,
      actions: { except: actions.negated, names: new Set(actions.values) },
      resources: resources.negated ? undefined : resources.values.map(parseResource),
    };
  });
}

function eitherList(s: JsonObject, positive: string, negative: string, path: string, index: number): { negated: boolean; values: string[] } {
  const has = (k: string) => s[k] !== undefined && s[k] !== null;
  if (has(positive) === has(negative)) throw snapshotFieldError(`${path}.${positive}`, `a statement needs exactly one of ${positive} and ${negative}`, index);
  const negated = has(negative);
  return { negated, values: stringList(s[negated ? negative : positive], `${path}.${negated ? negative : positive}`, index) };
}

function parseResource(specifier: string): ParsedResource {
  if (specifier === '*') return { categories: ['flag', 'access'], project: '*', environment: '*', exact: true, everything: true };
  const parsed = parseLaunchDarklyResource(specifier);
  const kinds = parsed.segments.map((s) => s.kind);
  const categories: ParsedResource['categories'] = [];
  if (kinds[kinds.length - 1] === 'flag') categories.push('flag');
  if (kinds.some((k) => ACCESS_RESOURCE_KINDS.has(k))) categories.push('access');
  const glob = (key: string | undefined) => key !== undefined && key.includes('*');
  const exact = !specifier.includes(';') && !glob(parsed.project) && !glob(parsed.environment);
  const isFlag = categories.includes('flag');
  return {
    categories,
    // Access resources are account-wide; a project/environment only narrows flags.
    project: isFlag && parsed.project && !glob(parsed.project) ? parsed.project : '*',
    environment: isFlag && parsed.environment && !glob(parsed.environment) ? parsed.environment : '*',
    exact,
    everything: false,
  };
}

interface Scope {
  category: 'flag' | 'access';
  project: string;
  environment: string;
  actions: ActionSet;
}

/**
 * Statements → capabilities per project/environment. Allows are unioned per scope; then each deny
 * removes its actions from the scopes it covers entirely (same category, and its project and
 * environment equal or `*`). A deny narrower than an allow (allow env `*`, deny `production`)
 * cannot be expressed as grants without listing every environment, so it is not applied, and
 * neither are denies with tags, selectors, globs or notResources. A role whose statements allow
 * every action on every resource (`*` on `*`) with no deny is `admin`.
 */
function evaluatePolicy(statements: Statement[]): RoleScope[] {
  const scopes = new Map<string, Scope>();
  let everything = false;
  for (const s of statements.filter((st) => st.effect === 'allow')) {
    const resources: ParsedResource[] = s.resources ?? [{ categories: ['flag', 'access'], project: '*', environment: '*', exact: false, everything: false }];
    for (const r of resources) {
      if (r.everything && copy(s.actions).except && copy(s.actions).names.size === 0) everything = true;
      for (const category of r.categories) addAllow(scopes, { category, project: r.project, environment: r.environment, actions: s.actions });
    }
  }
  const denies = statements.filter((st) => st.effect === 'deny');
  for (const d of denies) applyDeny(scopes, d);

  if (everything && denies.length === 0) return [{ project: '*', environment: '*', capabilities: ['admin'] }];
  return scopeCapabilities(scopes);
}

function addAllow(scopes: Map<string, Scope>, scope: Scope): void {
  const key = JSON.stringify([scope.category, scope.project, scope.environment]);
  const known = scopes.get(key);
  scopes.set(key, known ? { ...known, actions: union(known.actions, scope.actions) } : { ...scope, actions: copy(scope.actions) });
}

function applyDeny(scopes: Map<string, Scope>, deny: Statement): void {
  if (!deny.resources) return;
  for (const r of deny.resources) {
    if (!r.exact) continue;
    for (const scope of scopes.values()) {
      const covers = r.categories.includes(scope.category) && (r.project === '*' || r.project === scope.project) && (r.environment === '*' || r.environment === scope.environment);
      if (covers) scope.actions = minus(scope.actions, deny.actions);
    }
  }
}

function scopeCapabilities(scopes: Map<string, Scope>): RoleScope[] {
  const byPlace = new Map<string, RoleScope>();
  for (const scope of scopes.values()) {
    const caps = scope.category === 'flag' ? flagCapabilities(scope.actions) : accessCapabilities(scope.actions);
    if (caps.length === 0) continue;
    const key = JSON.stringify([scope.project, scope.environment]);
    const known = byPlace.get(key);
    if (known) known.capabilities = sortCapabilities([...known.capabilities, ...caps]);
    else byPlace.set(key, { project: scope.project, environment: scope.environment, capabilities: sortCapabilities(caps) });
  }
  return [...byPlace.values()].sort((a, b) => compareStrings(a.project, b.project) || compareStrings(a.environment, b.environment));
}

function flagCapabilities(actions: ActionSet): Capability[] {
  return FLAG_CAPABILITY_ACTIONS.filter(([, names]) => names.some((n) => has(actions, n))).map(([cap]) => cap);
}

/** Any action on members, roles, teams or tokens but a view- one is managing access. */
function accessCapabilities(actions: ActionSet): Capability[] {
  const any = actions.except || [...actions.names].some((n) => !n.startsWith('view'));
  return any ? ['access.admin'] : [];
}

function has(set: ActionSet, action: string): boolean {
  return set.except ? !set.names.has(action) && !set.names.has('*') : set.names.has(action) || set.names.has('*');
}

/** `*` in an action list means every action: normalise it to the complement form. */
function copy(set: ActionSet): ActionSet {
  if (set.names.has('*')) return set.except ? { except: false, names: new Set() } : { except: true, names: new Set() };
  return { except: set.except, names: new Set(set.names) };
}

function union(a0: ActionSet, b0: ActionSet): ActionSet {
  const a = copy(a0);
  const b = copy(b0);
  if (!a.except && !b.except) return { except: false, names: new Set([...a.names, ...b.names]) };
  if (a.except && b.except) return { except: true, names: new Set([...a.names].filter((n) => b.names.has(n))) };
  const [only, except] = a.except ? [b, a] : [a, b];
  return { except: true, names: new Set([...except.names].filter((n) => !only.names.has(n))) };
}

function minus(a0: ActionSet, d0: ActionSet): ActionSet {
  const a = copy(a0);
  const d = copy(d0);
  if (!a.except && !d.except) return { except: false, names: new Set([...a.names].filter((n) => !d.names.has(n))) };
  if (!a.except && d.except) return { except: false, names: new Set([...a.names].filter((n) => d.names.has(n))) };
  if (a.except && !d.except) return { except: true, names: new Set([...a.names, ...d.names]) };
  return { except: false, names: new Set([...d.names].filter((n) => !a.names.has(n))) };
}
