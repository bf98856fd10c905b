import { InvalidInputError } from '../../common/errors';
import { JsonObject, describeJsonShape, isJsonObject } from '../../ingest/adapters/event-adapter';
import { assertSafeJson, childPath } from '../../ingest/json-safety';
import { REDACTED } from '../../ingest/redaction';
import { AccessSnapshot, Capability, SnapshotAdapter, SnapshotContext, SnapshotPrincipal } from '../access-snapshot';
import {
  SnapshotBuilder,
  attachRaw,
  listIn,
  optionalText,
  requireId,
  requireObjectAt,
  resolveTakenAt,
  snapshotFieldError,
  snapshotTimestamp,
} from './evident-snapshot.adapter';

/**
 * The combined document an Unleash access export is saved as: what the connector fetches, each
 * part as the API returns it (wrappers such as `{roles: [...]}` are accepted too).
 */
export interface UnleashSnapshotDocument {
  /** When the export was made; the snapshot's takenAt unless the caller gives one. */
  exportedAt?: string;
  takenAt?: string;
  /** GET /api/admin/user-admin `users`. */
  users: unknown[];
  /** GET /api/admin/user-admin `rootRoles`. */
  rootRoles?: unknown[];
  /** GET /api/admin/roles/{id} bodies (with permissions), and/or the GET /api/admin/roles list. */
  roles?: unknown[];
  /** Project id → GET /api/admin/projects/{id}/access. */
  projects?: Record<string, unknown>;
  /** GET /api/admin/groups `groups`. */
  groups?: unknown[];
  /** GET /api/admin/service-account `serviceAccounts`. */
  serviceAccounts?: unknown[];
}

/** The API responses a connector has fetched, as returned. */
export interface UnleashSnapshotParts {
  exportedAt: string;
  userAdmin: unknown;
  roles?: unknown[];
  projectAccess?: Record<string, unknown>;
  groups?: unknown;
  serviceAccounts?: unknown;
}

const DOCUMENT_FIELDS: ReadonlySet<string> = new Set(['users', 'rootRoles', 'roles', 'projects', 'groups', 'serviceAccounts', 'exportedAt', 'takenAt']);

/** Unleash's seeded root role ids, used only when the export does not describe the role. */
const DEFAULT_ROOT_ROLE_NAMES: Readonly<Record<string, string>> = { '1': 'Admin', '2': 'Editor', '3': 'Viewer' };

/** Predefined roles (type `root` / `project`) are mapped by name; custom ones from their permissions. */
export const UNLEASH_PREDEFINED_ROOT_ROLES: Readonly<Record<string, Capability[]>> = {
  Admin: ['admin'],
  Editor: ['flag.write', 'change.apply'],
  Viewer: [],
};
export const UNLEASH_PREDEFINED_PROJECT_ROLES: Readonly<Record<string, Capability[]>> = {
  Owner: ['flag.write', 'change.approve', 'change.apply', 'access.admin'],
  Member: ['flag.write', 'change.apply'],
  Reader: [],
};

/**
 * Permission → capability for custom roles. Environment-scoped ones apply to their environment,
 * the others to the whole project (or instance, for root permissions). Only permissions that
 * change what a flag serves in an environment are flag.write: project-wide feature permissions
 * (CREATE_FEATURE, UPDATE_FEATURE, DELETE_FEATURE …) are not, so a create-only role does not
 * count as able to change production. PROJECT_CHANGE_REQUEST_WRITE can switch change requests
 * off for an environment, which is bypassing approval: change.skip.
 */
export const UNLEASH_PERMISSION_CAPABILITIES: Readonly<Record<string, Capability>> = {
  ADMIN: 'admin',
  UPDATE_FEATURE_ENVIRONMENT: 'flag.write',
  CREATE_FEATURE_STRATEGY: 'flag.write',
  UPDATE_FEATURE_STRATEGY: 'flag.write',
  DELETE_FEATURE_STRATEGY: 'flag.write',
  UPDATE_FEATURE_ENVIRONMENT_VARIANTS: 'flag.write',
  APPROVE_CHANGE_REQUEST: 'change.approve',
  APPLY_CHANGE_REQUEST: 'change.apply',
  SKIP_CHANGE_REQUEST: 'change.skip',
  PROJECT_CHANGE_REQUEST_WRITE: 'change.skip',
  PROJECT_USER_ACCESS_WRITE: 'access.admin',
  CREATE_PROJECT_API_TOKEN: 'access.admin',
  DELETE_PROJECT_API_TOKEN: 'access.admin',
  CREATE_API_TOKEN: 'access.admin',
  UPDATE_API_TOKEN: 'access.admin',
  DELETE_API_TOKEN: 'access.admin',
  CREATE_CLIENT_API_TOKEN: 'access.admin',
  UPDATE_CLIENT_API_TOKEN: 'access.admin',
  DELETE_CLIENT_API_TOKEN: 'access.admin',
  CREATE_FRONTEND_API_TOKEN: 'access.admin',
  UPDATE_FRONTEND_API_TOKEN: 'access.admin',
  DELETE_FRONTEND_API_TOKEN: 'access.admin',
  UPDATE_AUTH_CONFIGURATION: 'access.admin',
};

/**
 * Unleash users, roles, project access, groups and service accounts → snapshot. Principal ids
 * are Unleash user ids. A root role gives a `root-role` grant on every project; a project role a
 * `direct` grant on its project; roles held through a group give one grant per member with via
 * `group:<name>`. A group whose members the export does not list becomes a principal of kind
 * `group` (id `group:<id>`), so its access is still reviewed.
 */
export class UnleashSnapshotAdapter implements SnapshotAdapter {
  readonly source = 'unleash';

  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot {
    assertSafeJson(doc, 0);
    const d = checkDocument(doc);
    const takenAt = resolveTakenAt(ctx, d);
    const roles = readRoleTable(d);
    const builder = new SnapshotBuilder();

    readAccounts(d, 'users', roles, builder);
    readAccounts(d, 'serviceAccounts', roles, builder);
    const groups = readGroups(d);
    readProjects(d, roles, groups, builder);
    addGroupGrants(groups, roles, builder);

    const inviteLinks: string[] = [];
    const raw = redactInviteLinks(doc, 'raw', inviteLinks);
    return attachRaw(builder.build(this.source, ctx.instance, takenAt), raw, inviteLinks);
  }
}

/** Arranges the connector's API responses into the document UnleashSnapshotAdapter reads. */
export function buildUnleashSnapshotDocument(parts: UnleashSnapshotParts): UnleashSnapshotDocument {
  const userAdmin = parts.userAdmin;
  const doc: UnleashSnapshotDocument = { exportedAt: parts.exportedAt, users: [] };
  if (Array.isArray(userAdmin)) doc.users = userAdmin;
  else if (isJsonObject(userAdmin)) {
    doc.users = Array.isArray(userAdmin.users) ? userAdmin.users : [];
    if (Array.isArray(userAdmin.rootRoles)) doc.rootRoles = userAdmin.rootRoles;
  }
  if (parts.roles) doc.roles = parts.roles.flatMap((r) => (isJsonObject(r) && Array.isArray(r.roles) ? r.roles : [r]));
  if (parts.projectAccess) doc.projects = parts.projectAccess;
  if (parts.groups !== undefined) doc.groups = unwrap(parts.groups, 'groups');
  if (parts.serviceAccounts !== undefined) doc.serviceAccounts = unwrap(parts.serviceAccounts, 'serviceAccounts');
  return doc;
}

function unwrap(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value;
  return isJsonObject(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
}

function checkDocument(doc: unknown): JsonObject {
  if (!isJsonObject(doc)) {
    const message = `expected an Unleash access export {"users": [...], "roles": [...], "projects": {...}, ...}, got ${describeJsonShape(doc)}`;
    throw new InvalidInputError(message, [{ message }]);
  }
  for (const key of Object.keys(doc)) {
    if (!DOCUMENT_FIELDS.has(key)) throw snapshotFieldError(key, `unknown field (allowed: ${[...DOCUMENT_FIELDS].join(', ')})`);
  }
  if (doc.users === undefined || doc.users === null) throw snapshotFieldError('users', 'is required (GET /api/admin/user-admin)');
  return doc;
}

// --- roles

interface Permission {
  name: string;
  /** Absent for project- and root-level permissions. */
  environment?: string;
}

interface UnleashRole {
  id: string;
  name?: string;
  type?: string;
  permissions?: Permission[];
}

/**
 * Every role the export describes, by id, from /roles (with permissions when fetched per role),
 * user-admin's rootRoles and each project's access roles. The same role seen twice is merged:
 * the list endpoints omit permissions that the per-role endpoint has.
 */
function readRoleTable(d: JsonObject): Map<string, UnleashRole> {
  const table = new Map<string, UnleashRole>();
  const sources: { value: unknown; field: string }[] = [
    { value: d.roles, field: 'roles' },
    { value: d.rootRoles, field: 'rootRoles' },
  ];
  if (isJsonObject(d.projects)) {
    for (const [project, access] of Object.entries(d.projects)) {
      if (isJsonObject(access)) sources.push({ value: access.roles, field: childPath(childPath('projects', project), 'roles') });
    }
  }
  for (const { value, field } of sources) {
    const list = listIn(value, field, ['roles']);
    list.items.forEach((item, i) => mergeRole(table, readRole(item, `${list.path}[${i}]`, i)));
  }
  return table;
}

function readRole(item: unknown, path: string, index: number): UnleashRole {
  const r = requireObjectAt(item, path, index, 'a role object');
  const role: UnleashRole = { id: requireId(r, 'id', `${path}.id`, index) };
  const name = optionalText(r, 'name', `${path}.name`, index);
  const type = optionalText(r, 'type', `${path}.type`, index);
  if (name) role.name = name;
  if (type) role.type = type;
  if (r.permissions !== undefined && r.permissions !== null) role.permissions = readPermissions(r.permissions, `${path}.permissions`, index);
  return role;
}

function readPermissions(value: unknown, path: string, index: number): Permission[] {
  if (!Array.isArray(value)) throw snapshotFieldError(path, `must be an array, got ${describeJsonShape(value)}`, index);
  return value.map((item: unknown, k: number) => {
    const at = `${path}[${k}]`;
    if (typeof item === 'string' && item !== '') return { name: item };
    const p = requireObjectAt(item, at, index, 'a permission object or name');
    const name = optionalText(p, 'name', `${at}.name`, index);
    if (!name) throw snapshotFieldError(`${at}.name`, 'is required', index);
    const environment = optionalText(p, 'environment', `${at}.environment`, index);
    return environment ? { name, environment } : { name };
  });
}

function mergeRole(table: Map<string, UnleashRole>, role: UnleashRole): void {
  const known = table.get(role.id);
  if (!known) {
    table.set(role.id, role);
    return;
  }
  known.name ??= role.name;
  known.type ??= role.type;
  known.permissions ??= role.permissions;
}

/** A role id (number or numeric string) or, for root roles, a role name → the role. */
function resolveRole(table: Map<string, UnleashRole>, ref: unknown, path: string, index: number, root: boolean): UnleashRole {
  if (typeof ref === 'number' && Number.isSafeInteger(ref)) ref = String(ref);
  if (typeof ref !== 'string' || ref === '') throw snapshotFieldError(path, `must be a role id, got ${describeJsonShape(ref)}`, index);
  const byId = table.get(ref);
  if (byId) return byId;
  if (root) {
    const byName = [...table.values()].find((r) => r.name === ref && isRootType(r));
    if (byName) return byName;
    const seeded = own(DEFAULT_ROOT_ROLE_NAMES, ref) ?? (own(UNLEASH_PREDEFINED_ROOT_ROLES, ref) ? ref : undefined);
    if (seeded) return { id: ref, name: seeded, type: 'root' };
  }
  throw snapshotFieldError(path, `role ${JSON.stringify(ref)} is not described in roles, rootRoles or the project's access roles; include GET /api/admin/roles`, index);
}

function isRootType(role: UnleashRole): boolean {
  return role.type === 'root' || role.type === 'root-custom' || (role.type === undefined && own(UNLEASH_PREDEFINED_ROOT_ROLES, role.name) !== undefined);
}

/** Table lookup that ignores inherited keys: a role named "constructor" must not find Object's. */
function own<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The role's type, inferred from a predefined name when the export leaves it out. */
function typeOf(role: UnleashRole): string | undefined {
  if (role.type !== undefined) return role.type;
  if (own(UNLEASH_PREDEFINED_ROOT_ROLES, role.name)) return 'root';
  if (own(UNLEASH_PREDEFINED_PROJECT_ROLES, role.name)) return 'project';
  return undefined;
}

/** Environment (`*` = all) → capabilities this role gives. Never empty: a role is listed even when it gives nothing. */
function roleCapabilities(role: UnleashRole, path: string, index: number): Map<string, Capability[]> {
  const type = typeOf(role);
  const name = role.name ?? '';
  const table = type === 'root' ? UNLEASH_PREDEFINED_ROOT_ROLES : type === 'project' ? UNLEASH_PREDEFINED_PROJECT_ROLES : {};
  const predefined = own(table, name);
  if (predefined) return new Map([['*', predefined]]);
  if (!role.permissions) {
    throw snapshotFieldError(
      path,
      `role ${role.id}${role.name ? ` (${role.name})` : ''} is a ${type ?? 'custom'} role whose permissions the export lacks; include GET /api/admin/roles/${role.id}`,
      index,
    );
  }
  const byEnvironment = new Map<string, Capability[]>();
  for (const permission of role.permissions) {
    const cap = own(UNLEASH_PERMISSION_CAPABILITIES, permission.name);
    if (cap === undefined) continue;
    const env = permission.environment ?? '*';
    byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), cap]);
  }
  if (byEnvironment.size === 0) byEnvironment.set('*', []);
  return byEnvironment;
}

function addRoleGrants(builder: SnapshotBuilder, principal: string, role: UnleashRole, project: string, via: string, path: string, index: number): void {
  for (const [environment, capabilities] of roleCapabilities(role, path, index)) {
    builder.addGrant({ principal, role: role.name ?? `role ${role.id}`, project, environment, capabilities, via });
  }
}

// --- users and service accounts

function readAccounts(d: JsonObject, field: 'users' | 'serviceAccounts', roles: Map<string, UnleashRole>, builder: SnapshotBuilder): void {
  const list = listIn(d[field], field, [field]);
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const user = requireObjectAt(item, path, i, 'a user object');
    const principal = readPrincipal(user, path, i, field === 'serviceAccounts');
    builder.addPrincipal(principal);
    const rootRole = user.rootRole;
    if (rootRole !== undefined && rootRole !== null) {
      addRoleGrants(builder, principal.id, resolveRole(roles, rootRole, `${path}.rootRole`, i, true), '*', 'root-role', `${path}.rootRole`, i);
    }
  });
}

/**
 * userSchema (user-admin, project access, group members) → principal. API users (`isAPI`) and
 * service accounts are services: CHG-ATTRIBUTED must not count them as a person.
 */
function readPrincipal(user: JsonObject, path: string, index: number, service: boolean): SnapshotPrincipal {
  const id = requireId(user, 'id', `${path}.id`, index);
  const isService = service || user.isAPI === true || user.isService === true || user.accountType === 'Service Account';
  const principal: SnapshotPrincipal = { id, kind: isService ? 'service' : 'user', active: true };
  const email = optionalText(user, 'email', `${path}.email`, index);
  const name = optionalText(user, 'name', `${path}.name`, index) || optionalText(user, 'username', `${path}.username`, index);
  if (email) principal.email = email;
  if (name) principal.name = name;
  if (user.seenAt !== undefined && user.seenAt !== null) principal.lastSeenAt = snapshotTimestamp(user.seenAt, `${path}.seenAt`, index);
  return principal;
}

// --- groups

interface Group {
  id: string;
  name?: string;
  /** Members by user id; undefined when no part of the export lists the members. */
  members?: Map<string, SnapshotPrincipal>;
  rootRole?: { ref: unknown; path: string; index: number };
  /** Project roles held by the group: project → role refs with where they were read. */
  projectRoles: { project: string; ref: unknown; path: string; index: number }[];
}

function readGroups(d: JsonObject): Map<string, Group> {
  const groups = new Map<string, Group>();
  const list = listIn(d.groups, 'groups', ['groups']);
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const g = requireObjectAt(item, path, i, 'a group object');
    const group = groupEntry(groups, requireId(g, 'id', `${path}.id`, i), optionalText(g, 'name', `${path}.name`, i));
    if (g.rootRole !== undefined && g.rootRole !== null) group.rootRole = { ref: g.rootRole, path: `${path}.rootRole`, index: i };
    addMembers(g, path, i, group);
  });
  return groups;
}

function groupEntry(groups: Map<string, Group>, id: string, name: string | undefined): Group {
  let group = groups.get(id);
  if (!group) groups.set(id, (group = { id, projectRoles: [] }));
  if (name) group.name ??= name;
  return group;
}

/**
 * Group `users: [{user: userSchema, joinedAt, createdBy}]` (a bare user object is accepted too).
 * The member objects are kept: a member missing from the user list (a paged or partial user
 * export) is added from them, so the grant still has its principal.
 */
function addMembers(g: JsonObject, path: string, index: number, group: Group): void {
  if (g.users === undefined || g.users === null) return;
  const list = listIn(g.users, `${path}.users`, []);
  group.members ??= new Map();
  list.items.forEach((item, k) => {
    const at = `${list.path}[${k}]`;
    const entry = requireObjectAt(item, at, index, 'a group member object');
    const user = isJsonObject(entry.user) ? entry.user : entry;
    const userPath = isJsonObject(entry.user) ? `${at}.user` : at;
    const principal = readPrincipal(user, userPath, index, false);
    if (!group.members?.has(principal.id)) group.members?.set(principal.id, principal);
  });
}

function addGroupGrants(groups: Map<string, Group>, roles: Map<string, UnleashRole>, builder: SnapshotBuilder): void {
  for (const group of groups.values()) {
    const label = group.name ?? group.id;
    let via = `group:${label}`;
    for (const member of group.members?.values() ?? []) builder.addPrincipal(member);
    let members = group.members ? [...group.members.keys()] : undefined;
    if (!members && (group.rootRole || group.projectRoles.length > 0)) {
      // The group itself stands in for its unknown members, and holds the roles directly.
      const id = `group:${group.id}`;
      builder.addPrincipal({ id, kind: 'group', active: true, name: label });
      members = [id];
      via = 'direct';
    }
    for (const principal of members ?? []) {
      if (group.rootRole) {
        const { ref, path, index } = group.rootRole;
        addRoleGrants(builder, principal, resolveRole(roles, ref, path, index, true), '*', via, path, index);
      }
      for (const { project, ref, path, index } of group.projectRoles) {
        addRoleGrants(builder, principal, resolveRole(roles, ref, path, index, false), project, via, path, index);
      }
    }
  }
}

// --- project access

function readProjects(d: JsonObject, roles: Map<string, UnleashRole>, groups: Map<string, Group>, builder: SnapshotBuilder): void {
  const projects = d.projects;
  if (projects === undefined || projects === null) return;
  if (!isJsonObject(projects)) throw snapshotFieldError('projects', `must be an object of project id → GET /api/admin/projects/{id}/access, got ${describeJsonShape(projects)}`);
  for (const [project, value] of Object.entries(projects)) {
    const base = childPath('projects', project);
    const access = requireObjectAt(value, base, undefined, 'a project access object ({users, groups, roles})');
    readProjectUsers(access, base, project, roles, builder);
    readProjectGroups(access, base, project, groups);
  }
}

function readProjectUsers(access: JsonObject, base: string, project: string, roles: Map<string, UnleashRole>, builder: SnapshotBuilder): void {
  const list = listIn(access.users, childPath(base, 'users'), []);
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const user = requireObjectAt(item, path, i, 'a project access user object');
    const principal = readPrincipal(user, path, i, false);
    builder.addPrincipal(principal);
    for (const { ref, at } of roleRefs(user, path, i)) {
      addRoleGrants(builder, principal.id, resolveRole(roles, ref, at, i, false), project, 'direct', at, i);
    }
  });
}

function readProjectGroups(access: JsonObject, base: string, project: string, groups: Map<string, Group>): void {
  const list = listIn(access.groups, childPath(base, 'groups'), []);
  list.items.forEach((item, i) => {
    const path = `${list.path}[${i}]`;
    const g = requireObjectAt(item, path, i, 'a project access group object');
    const group = groupEntry(groups, requireId(g, 'id', `${path}.id`, i), optionalText(g, 'name', `${path}.name`, i));
    addMembers(g, path, i, group);
    for (const { ref, at } of roleRefs(g, path, i)) group.projectRoles.push({ project, ref, path: at, index: i });
  });
}

/** `roles: [ids]` (current API) or the older single `roleId`. */
function roleRefs(entry: JsonObject, path: string, index: number): { ref: unknown; at: string }[] {
  if (entry.roles !== undefined && entry.roles !== null) {
    if (!Array.isArray(entry.roles)) throw snapshotFieldError(`${path}.roles`, `must be an array of role ids, got ${describeJsonShape(entry.roles)}`, index);
    return entry.roles.map((ref: unknown, k: number) => ({ ref, at: `${path}.roles[${k}]` }));
  }
  if (entry.roleId !== undefined && entry.roleId !== null) return [{ ref: entry.roleId, at: `${path}.roleId` }];
  throw snapshotFieldError(`${path}.roles`, 'is required (the role ids held in this project)', index);
}

// --- raw

/**
 * Unleash returns pending invitations' `inviteLink`, which signs the holder up as that user: a
 * credential the generic redactor does not know by name.
 */
function redactInviteLinks(value: unknown, path: string, paths: string[]): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const next = redactInviteLinks(item, `${path}[${i}]`, paths);
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  if (!isJsonObject(value)) return value;
  let out: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    let next = item;
    if (key === 'inviteLink' && typeof item === 'string' && item !== '') {
      next = REDACTED;
      paths.push(childPath(path, key));
    } else if (typeof item === 'object' && item !== null) {
      next = redactInviteLinks(item, childPath(path, key), paths);
    }
    if (next !== item) {
      out ??= { ...value };
      // defineProperty: a "__proto__" key from JSON.parse must stay an own property.
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return out ?? value;
}
