import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { PUBLIC_KEY, Role, ROLES_KEY, WEBHOOK_KEY } from './roles';
import { Principal, TokenService } from './token.service';

export type AuthedRequest = Request & { principal?: Principal };

/** Global guard: bearer token → principal → role check. Secure by default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(WEBHOOK_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req);
    const principal = token ? await this.tokens.authenticate(token) : null;
    if (!principal) throw new UnauthenticatedError('a valid API token is required: send "Authorization: Bearer <token>"');
    req.principal = principal;
    if (!roles || !roles.includes(principal.role)) {
      throw new ForbiddenError(`role "${principal.role}" may not ${req.method} ${req.route?.path ?? req.path}`);
    }
    return true;
  }
}

function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer /i.test(h)) return h.slice(7).trim();
  // The dashboard's session cookie is for its pages only: the API takes bearer tokens, so a
  // signed-in browser cannot be made to call it from another site (defence beyond SameSite).
  if (req.path.startsWith('/api/')) return null;
  const cookie = req.headers.cookie;
  const m = cookie ? /(?:^|;\s*)evident_session=([^;]+)/.exec(cookie) : null;
  return m ? decodeURIComponent(m[1]) : null;
}
