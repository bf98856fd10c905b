import { InvalidInputError } from '../../common/errors';
import { JsonObject, describeJsonShape, isJsonObject } from '../../ingest/adapters/event-adapter';
import { assertSafeJson, childPath } from '../../ingest/json-safety';
import { AccessSnapshot, Capability, SnapshotAdapter, SnapshotContext, SnapshotPrincipal } from '../access-snapshot';
import {
  SnapshotBuilder,
  attachRaw,
  checkCapability,
  compareStrings,
  optionalText,
  requireId,
  requireObjectAt,
  requireText,
  resolveTakenAt,
  snapshotFieldError,
} from './evident-snapshot.adapter';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const WRAPPER_FIELDS: ReadonlySet<string> = new Set(['users', 'groups', 'takenAt', 'exportedAt']);
const GROUP_MAP_FIELDS: ReadonlySet<string> = new Set(['role', 'capabilities', 'project', 'environment']);

interface ScimUser {
  id: string;
  path: string;
  index: number;
  principal: SnapshotPrincipal;
  /** The user's own `groups` attribute (RFC 7643: readOnly, direct and indirect memberships). */
  groups: { value?: string; display?: string }[];
}

interface ScimGroup {
  id: string;
  path: string;
  index: number;
  displayName: string;
  members: { value: string; type?: string; path: string; index: number }[];
}

/** A SCIM export read into users and groups, before any group map is applied. */
export interface ScimExport {
  users: ScimUser[];
  groups: ScimGroup[];
  /** The `{users, groups}` wrapper, which may carry takenAt/exportedAt. */
  wrapper?: JsonObject;
}

type GroupMapEntry = NonNullable<SnapshotContext['groupMap']>[string];

/**
 * An IdP's SCIM 2.0 export (RFC 7643/7644) → snapshot. Accepted shapes: one ListResponse holding
 * Users and/or Groups, `{users: ListResponse, groups: ListResponse}`, or a bare array of
 * resources. People become principals; groups grant access only through ctx.groupMap (display
 * name → role and capabilities), because an IdP group name says nothing Evident can trust about
 * what it allows in a flag platform. Groups without a map entry give no grant; unmappedScimGroups
 * lists them so the caller can warn.
 */
export class ScimSnapshotAdapter implements SnapshotAdapter {
  readonly source = 'scim';

  toSnapshot(doc: unknown, ctx: SnapshotContext): AccessSnapshot {
    assertSafeJson(doc, 0);
    const exported = readScimExport(doc);
    const takenAt = resolveTakenAt(ctx, exported.wrapper);
    const groupMap = checkGroupMap(ctx.groupMap);

    const builder = new SnapshotBuilder();
    for (const user of exported.users) builder.addPrincipal(user.principal);
    for (const { group, entry, userIds } of mappedMemberships(exported, groupMap)) {
      for (const principal of userIds) {
        builder.addGrant({
          principal,
          role: entry.role,
          project: entry.project ?? '*',
          environment: entry.environment ?? '*',
          capabilities: entry.capabilities,
          via: `group:${group}`,
        });
      }
    }
    return attachRaw(builder.build(this.source, ctx.instance, takenAt), doc);
  }
}

/** Display names of the export's groups that ctx.groupMap does not map, sorted, each once. */
export function unmappedScimGroups(doc: unknown, groupMap: SnapshotContext['groupMap'] = {}): string[] {
  assertSafeJson(doc, 0);
  const exported = readScimExport(doc);
  const names = new Set<string>();
  for (const g of exported.groups) names.add(g.displayName);
  const knownIds = new Set(exported.groups.map((g) => g.id));
  for (const u of exported.users) {
    for (const ref of u.groups) if (ref.display !== undefined && (ref.value === undefined || !knownIds.has(ref.value))) names.add(ref.display);
  }
  return [...names].filter((n) => !Object.prototype.hasOwnProperty.call(groupMap ?? {}, n)).sort(compareStrings);
}

// --- document shapes

export function readScimExport(doc: unknown): ScimExport {
  const exported: ScimExport = { users: [], groups: [] };
  if (Array.isArray(doc)) {
    readResources(doc, '', exported);
  } else if (isJsonObject(doc) && 'Resources' in doc) {
    readListResponse(doc, '', exported);
  } else if (isJsonObject(doc) && ('users' in doc || 'groups' in doc)) {
    readWrapper(doc, exported);
  } else {
    const message = `expected a SCIM ListResponse ({"Resources": [...]}), {"users": ListResponse, "groups": ListResponse} or an array of resources; got ${describeJsonShape(doc)}`;
    throw new InvalidInputError(message, [{ message }]);
  }
  rejectDuplicateIds(exported.users, 'User');
  rejectDuplicateIds(exported.groups, 'Group');
  return exported;
}

function readWrapper(doc: JsonObject, exported: ScimExport): void {
  for (const key of Object.keys(doc)) {
    if (!WRAPPER_FIELDS.has(key)) throw snapshotFieldError(key, `unknown field (allowed: ${[...WRAPPER_FIELDS].join(', ')})`);
  }
  exported.wrapper = doc;
  for (const key of ['users', 'groups'] as const) {
    const part = doc[key];
    if (part === undefined || part === null) continue;
    if (Array.isArray(part)) readResources(part, key, exported);
    else if (isJsonObject(part)) readListResponse(part, key, exported);
    else throw snapshotFieldError(key, `must be a SCIM ListResponse or an array of resources, got ${describeJsonShape(part)}`);
  }
}

/**
 * A ListResponse that holds fewer resources than its totalResults is one page of several;
 * snapshotting it would report everybody on the other pages as having no access.
 */
function readListResponse(list: JsonObject, base: string, exported: ScimExport): void {
  const path = childPath(base, 'Resources');
  const resources = list.Resources;
  if (!Array.isArray(resources)) throw snapshotFieldError(path, `must be an array, got ${describeJsonShape(resources)}`);
  const total = list.totalResults;
  if (typeof total === 'number' && total > resources.length) {
    throw snapshotFieldError(
      childPath(base, 'totalResults'),
      `is ${total} but the ListResponse holds ${resources.length} resources: it is one page of a paged result; export every page into one ListResponse`,
    );
  }
  readResources(resources, path, exported);
}

function readResources(resources: unknown[], base: string, exported: ScimExport): void {
  resources.forEach((item, i) => {
    const path = `${base}[${i}]`;
    const resource = requireObjectAt(item, path, i, 'a SCIM resource object');
    const type = resourceType(resource, path, i);
    if (type === 'User') exported.users.push(readUser(resource, path, i));
    else exported.groups.push(readGroup(resource, path, i));
  });
}

function resourceType(resource: JsonObject, path: string, index: number): 'User' | 'Group' {
  const schemas = Array.isArray(resource.schemas) ? resource.schemas.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : [];
  if (schemas.includes(SCIM_USER_SCHEMA.toLowerCase())) return 'User';
  if (schemas.includes(SCIM_GROUP_SCHEMA.toLowerCase())) return 'Group';
  const meta = isJsonObject(resource.meta) ? resource.meta.resourceType : undefined;
  if (meta === 'User' || meta === 'Group') return meta;
  throw snapshotFieldError(`${path}.schemas`, `names neither ${SCIM_USER_SCHEMA} nor ${SCIM_GROUP_SCHEMA} (and meta.resourceType is not User or Group)`, index);
}

function rejectDuplicateIds(items: { id: string; path: string; index: number }[], what: string): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first !== undefined) throw snapshotFieldError(`${item.path}.id`, `duplicate ${what} id ${JSON.stringify(item.id)} (also ${first})`, item.index);
    seen.set(item.id, item.path);
  }
}

// --- users

function readUser(resource: JsonObject, path: string, index: number): ScimUser {
  const id = requireId(resource, 'id', `${path}.id`, index);
  const userName = requireText(resource, 'userName', `${path}.userName`, index);
  const principal: SnapshotPrincipal = { id, kind: 'user', active: scimActive(resource.active, `${path}.active`, index) };
  const email = emailOf(resource, userName, path, index);
  if (email !== undefined) principal.email = email;
  const name = nameOf(resource, path, index);
  if (name !== undefined) principal.name = name;
  // The enterprise extension (manager, department…) stays in raw: it is HR data, not access.
  return { id, path, index, principal, groups: groupRefs(resource, path, index) };
}

/**
 * RFC 7643 makes `active` a boolean; Entra ID sends the strings "True"/"False". Absent means the
 * provider does not manage it, and the account is treated as active (the reviewer still sees it).
 */
export function scimActive(value: unknown, field: string, index: number): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  throw snapshotFieldError(field, `must be true or false (or the string "True"/"False"), got ${JSON.stringify(value)}`, index);
}

/** The primary email, else the work one, else the first, else a userName that is an address. */
function emailOf(resource: JsonObject, userName: string, path: string, index: number): string | undefined {
  const emails = resource.emails;
  if (emails !== undefined && emails !== null && !Array.isArray(emails)) {
    throw snapshotFieldError(`${path}.emails`, `must be an array, got ${describeJsonShape(emails)}`, index);
  }
  const candidates: { value: string; primary: boolean; type?: string }[] = [];
  (emails ?? []).forEach((item: unknown, k: number) => {
    const at = `${path}.emails[${k}]`;
    const entry = requireObjectAt(item, at, index, 'an email object');
    const value = optionalText(entry, 'value', `${at}.value`, index);
    if (value === undefined || value === '') return;
    const primary = entry.primary === undefined || entry.primary === null ? false : scimActive(entry.primary, `${at}.primary`, index);
    candidates.push({ value, primary, type: optionalText(entry, 'type', `${at}.type`, index) });
  });
  const chosen = candidates.find((c) => c.primary) ?? candidates.find((c) => c.type?.toLowerCase() === 'work') ?? candidates[0];
  if (chosen) return chosen.value;
  return userName.includes('@') ? userName : undefined;
}

function nameOf(resource: JsonObject, path: string, index: number): string | undefined {
  const displayName = optionalText(resource, 'displayName', `${path}.displayName`, index);
  if (displayName) return displayName;
  const name = resource.name;
  if (name === undefined || name === null) return undefined;
  const obj = requireObjectAt(name, `${path}.name`, index, 'a name object');
  const formatted = optionalText(obj, 'formatted', `${path}.name.formatted`, index);
  if (formatted) return formatted;
  const parts = [optionalText(obj, 'givenName', `${path}.name.givenName`, index), optionalText(obj, 'familyName', `${path}.name.familyName`, index)];
  const joined = parts.filter((p) => p).join(' ');
  return joined === '' ? undefined : joined;
}

function groupRefs(resource: JsonObject, path: string, index: number): ScimUser['groups'] {
  const groups = resource.groups;
  if (groups === undefined || groups === null) return [];
  if (!Array.isArray(groups)) throw snapshotFieldError(`${path}.groups`, `must be an array, got ${describeJsonShape(groups)}`, index);
  return groups.map((item: unknown, k: number) => {
    const at = `${path}.groups[${k}]`;
    const ref = requireObjectAt(item, at, index, 'a group reference object');
    return { value: optionalText(ref, 'value', `${at}.value`, index), display: optionalText(ref, 'display', `${at}.display`, index) };
  });
}

// --- groups

function readGroup(resource: JsonObject, path: string, index: number): ScimGroup {
  const id = requireId(resource, 'id', `${path}.id`, index);
  const displayName = requireText(resource, 'displayName', `${path}.displayName`, index);
  const members = resource.members;
  if (members !== undefined && members !== null && !Array.isArray(members)) {
    throw snapshotFieldError(`${path}.members`, `must be an array, got ${describeJsonShape(members)}`, index);
  }
  return {
    id,
    path,
    index,
    displayName,
    members: (members ?? []).map((item: unknown, k: number) => {
      const at = `${path}.members[${k}]`;
      const member = requireObjectAt(item, at, index, 'a member object');
      return { value: requireId(member, 'value', `${at}.value`, index), type: optionalText(member, 'type', `${at}.type`, index), path: at, index };
    }),
  };
}

export function checkGroupMap(groupMap: SnapshotContext['groupMap']): Map<string, GroupMapEntry> {
  const out = new Map<string, GroupMapEntry>();
  if (groupMap === undefined || groupMap === null) return out;
  if (!isJsonObject(groupMap)) throw snapshotFieldError('groupMap', `must be an object of group name → {role, capabilities}, got ${describeJsonShape(groupMap)}`);
  for (const [name, raw] of Object.entries(groupMap as JsonObject)) {
    const path = childPath('groupMap', name);
    const entry = requireObjectAt(raw, path, undefined, 'an object with role and capabilities');
    for (const key of Object.keys(entry)) {
      if (!GROUP_MAP_FIELDS.has(key)) throw snapshotFieldError(childPath(path, key), `unknown field (allowed: ${[...GROUP_MAP_FIELDS].join(', ')})`);
    }
    const caps = entry.capabilities;
    if (!Array.isArray(caps)) throw snapshotFieldError(`${path}.capabilities`, `must be an array, got ${describeJsonShape(caps)}`);
    const checked: GroupMapEntry = {
      role: requireText(entry, 'role', `${path}.role`),
      capabilities: caps.map((c: unknown, k: number): Capability => checkCapability(c, `${path}.capabilities[${k}]`)),
    };
    const project = optionalText(entry, 'project', `${path}.project`);
    const environment = optionalText(entry, 'environment', `${path}.environment`);
    if (project) checked.project = project;
    if (environment) checked.environment = environment;
    out.set(name, checked);
  }
  return out;
}

/**
 * For each mapped group, every user in it: direct members, members of nested groups (RFC 7643
 * lets a group contain groups), and users whose own `groups` attribute names it. Both sides are
 * read because IdPs export one or the other.
 */
function mappedMemberships(exported: ScimExport, groupMap: Map<string, GroupMapEntry>): { group: string; entry: GroupMapEntry; userIds: string[] }[] {
  const users = new Set(exported.users.map((u) => u.id));
  const groupsById = new Map(exported.groups.map((g) => [g.id, g]));
  const fromUserSide = userSideMemberships(exported, groupsById);
  const out: { group: string; entry: GroupMapEntry; userIds: string[] }[] = [];
  for (const [name, entry] of groupMap) {
    const members = new Set(fromUserSide.get(name) ?? []);
    for (const group of exported.groups.filter((g) => g.displayName === name)) {
      for (const id of expandGroup(group, users, groupsById)) members.add(id);
    }
    if (members.size > 0) out.push({ group: name, entry, userIds: [...members].sort(compareStrings) });
  }
  return out;
}

function userSideMemberships(exported: ScimExport, groupsById: Map<string, ScimGroup>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const user of exported.users) {
    for (const ref of user.groups) {
      const name = (ref.value !== undefined ? groupsById.get(ref.value)?.displayName : undefined) ?? ref.display;
      if (name === undefined) continue;
      const list = byName.get(name) ?? [];
      list.push(user.id);
      byName.set(name, list);
    }
  }
  return byName;
}

/** Depth-first through nested groups; `visited` stops membership cycles. */
function expandGroup(root: ScimGroup, users: Set<string>, groupsById: Map<string, ScimGroup>): Set<string> {
  const found = new Set<string>();
  const visited = new Set<string>([root.id]);
  const stack = [root];
  while (stack.length > 0) {
    const group = stack.pop() as ScimGroup;
    for (const member of group.members) {
      const nested = member.type?.toLowerCase() === 'user' ? undefined : groupsById.get(member.value);
      if (nested) {
        if (!visited.has(nested.id)) {
          visited.add(nested.id);
          stack.push(nested);
        }
      } else if (users.has(member.value)) {
        found.add(member.value);
      } else {
        // A mapped group naming someone the export lacks: the export is incomplete, and the
        // missing person's access would go unreviewed.
        throw snapshotFieldError(`${member.path}.value`, `no User${member.type?.toLowerCase() === 'user' ? '' : ' or Group'} with id ${JSON.stringify(member.value)} in the export; export every user and group`, member.index);
      }
    }
  }
  return found;
}
