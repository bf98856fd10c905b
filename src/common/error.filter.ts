import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { EvidentError, InvalidInputError } from './errors';

const STATUS: Record<string, number> = {
  'invalid-input': 400,
  'payload-too-large': 413,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  // The platform behind a connector failed or refused us: a bad gateway, not bad input.
  'connector-failed': 502,
};

/** The one place errors become HTTP responses: `{error, message, problems?}`; internals never leak. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    const { status, body } = describeError(err);
    if (status >= 500) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    res.status(status).json(body);
  }
}

/** Express error middleware for what fails before Nest's pipeline (the JSON body parser). */
export function bodyErrorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const { status, body } = describeError(err);
  res.status(status).json(body);
}

export function describeError(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof EvidentError) {
    const body: Record<string, unknown> = { error: err.code, message: err.message };
    if (err instanceof InvalidInputError && err.problems.length > 0) body.problems = err.problems;
    return { status: STATUS[err.code] ?? 400, body };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    // ValidationPipe puts the list of violated constraints in the response body.
    const detail = (err.getResponse() as { message?: unknown }).message;
    const message = Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : err.message;
    return { status, body: { error: httpCode(status), message } };
  }
  // body-parser errors carry a status and a type but are not HttpExceptions.
  const bp = err as { status?: number; type?: string; message?: string };
  if (typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
    const message = bp.type === 'entity.parse.failed' ? `malformed JSON: ${bp.message}` : (bp.message ?? 'bad request');
    return { status: bp.status, body: { error: bp.status === 413 ? 'payload-too-large' : 'invalid-input', message } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error; see the server log' } };
}

function httpCode(status: number): string {
  if (status === 404) return 'not-found';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'payload-too-large';
  if (status === 429) return 'rate-limited';
  return status < 500 ? 'invalid-input' : 'internal';
}

/** CLI exit codes: 2 for anything the user must fix, 1 for failures (including an unreachable platform). */
export function exitCodeFor(err: unknown): number {
  return err instanceof EvidentError && (STATUS[err.code] ?? 400) < 500 ? 2 : 1;
}
