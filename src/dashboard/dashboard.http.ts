/** HTTP concerns of the dashboard only: headers, the session cookie, same-origin POSTs, HTML error pages. */
import { ArgumentsHost, CallHandler, CanActivate, Catch, ExceptionFilter, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { AuthedRequest } from '../auth/auth.guard';
import { describeError } from '../common/error.filter';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { errorView } from './views/login.view';

export const SESSION_COOKIE = 'evident_session';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Security headers; pages are never cached (they show evidence, and must not reappear after sign-out). */
export function applySecurityHeaders(res: Response, cache = 'no-store'): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', cache);
}

@Injectable()
export class DashboardHeadersInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    applySecurityHeaders(ctx.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

export function sendHtml(res: Response, status: number, body: string): void {
  res.status(status).type('text/html; charset=utf-8').send(body);
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure ? '; Secure' : ''}`;
}

export function sessionToken(req: Request): string | null {
  const m = req.headers.cookie ? /(?:^|;\s*)evident_session=([^;]+)/.exec(req.headers.cookie) : null;
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/**
 * A state-changing request must come from a page of this very host: the Origin header (or,
 * when a browser sends none, the Referer) must name the Host the request was sent to.
 * Requests with neither are refused too; the dashboard's forms always send one.
 */
export function isSameOrigin(req: Request): boolean {
  const host = req.headers.host;
  const origin = req.headers.origin ?? req.headers.referer;
  if (!host || !origin || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (!isSameOrigin(ctx.switchToHttp().getRequest<Request>())) {
      throw new ForbiddenError('This form was not submitted from this site (the Origin or Referer does not match the Host), so it was refused.');
    }
    return true;
  }
}

const TITLES: Record<number, string> = { 400: 'That request cannot be shown', 403: 'Not allowed', 404: 'Not found' };

/**
 * Errors on dashboard routes become pages: no session → the sign-in page (remembering where
 * the reader was going); everything else → an HTML page with the message. Internals never leak.
 */
@Catch()
export class DashboardErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Dashboard');

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<AuthedRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    applySecurityHeaders(res);
    if (err instanceof UnauthenticatedError) {
      // A stale (revoked, expired) session is dropped so the browser stops sending it.
      if (sessionToken(req)) res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
      const target = req.method === 'GET' && req.originalUrl !== '/' ? `/login?next=${encodeURIComponent(req.originalUrl)}` : '/login';
      return void res.redirect(303, target);
    }
    const { status, body } = describeError(err);
    if (status >= 500) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const message = status >= 500 ? 'Something went wrong while building this page; the details are in the server log.' : String(body.message ?? 'The request was refused.');
    sendHtml(res, status, errorView({ status, title: TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Request refused'), message, signedIn: Boolean(req.principal) }));
  }
}
