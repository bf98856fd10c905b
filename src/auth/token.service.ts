import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { LedgerService } from '../ledger/ledger.service';
import { ApiTokenEntity } from './api-token.entity';
import { Role, ROLES } from './roles';
import { TokenRepository } from './token.repository';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

export interface CreatedToken {
  id: string;
  name: string;
  role: Role;
  /** The secret; shown once, stored only as its SHA-256. */
  token: string;
}

export interface TokenView {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

@Injectable()
export class TokenService {
  constructor(
    @Inject(TokenRepository) private readonly tokens: TokenRepository,
    @Inject(LedgerService) private readonly ledger: LedgerService,
  ) {}

  async create(role: string, name: string, createdBy: string, expiresAt?: string): Promise<CreatedToken> {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new InvalidInputError(`role must be one of ${ROLES.join(', ')} (got "${role}")`, [{ field: 'role', message: 'unknown role' }]);
    }
    if (!name.trim() || name.length > 200) throw new InvalidInputError('name must be 1-200 characters', [{ field: 'name', message: 'invalid' }]);
    if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
      throw new InvalidInputError('expiresAt must be an ISO-8601 time', [{ field: 'expiresAt', message: 'invalid date' }]);
    }
    const id = randomBytes(6).toString('hex');
    const token = `evd_${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    const expires = expiresAt ? new Date(expiresAt).toISOString() : null;
    await this.tokens.insert({ id, name, role, tokenHash: hashToken(token), createdAt, expiresAt: expires, revokedAt: null, lastUsedAt: null });
    await this.ledger.record(ENTRY_KIND.serviceAction, { action: 'token.created', by: createdBy, tokenId: id, name, role, expiresAt: expires });
    return { id, name, role: role as Role, token };
  }

  /** Resolves a bearer token; null when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!token.startsWith('evd_')) return null;
    const row = await this.tokens.findByHash(hashToken(token));
    const now = Date.now();
    if (!row || row.revokedAt || (row.expiresAt && Date.parse(row.expiresAt) <= now)) return null;
    if (!row.lastUsedAt || now - Date.parse(row.lastUsedAt) > TOUCH_EVERY_MS) {
      await this.tokens.touch(row.id, new Date(now).toISOString());
    }
    return { tokenId: row.id, name: row.name, role: row.role as Role };
  }

  async list(): Promise<TokenView[]> {
    return (await this.tokens.list()).map(toView);
  }

  async revoke(id: string, revokedBy: string): Promise<TokenView> {
    const row = await this.tokens.findById(id);
    if (!row) throw new NotFoundError(`no token with id ${id}`);
    if (!row.revokedAt) {
      const at = new Date().toISOString();
      await this.tokens.revoke(id, at);
      await this.ledger.record(ENTRY_KIND.serviceAction, { action: 'token.revoked', by: revokedBy, tokenId: id, name: row.name, role: row.role });
      row.revokedAt = at;
    }
    return toView(row);
  }
}

function toView(t: ApiTokenEntity): TokenView {
  return { id: t.id, name: t.name, role: t.role, createdAt: t.createdAt, expiresAt: t.expiresAt, revokedAt: t.revokedAt, lastUsedAt: t.lastUsedAt };
}
