import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, Observable, throwError } from 'rxjs';
import { catchError, concatMap } from 'rxjs/operators';
import { ENTRY_KIND } from '../ledger/entry-kinds';
import { LedgerService } from '../ledger/ledger.service';
import { AuthedRequest } from './auth.guard';
import { AUDITED_KEY } from './roles';

/** Writes @Audited calls to the ledger as service actions, whether they succeed or fail. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(LedgerService) private readonly ledger: LedgerService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string | undefined>(AUDITED_KEY, ctx.getHandler());
    if (!action) return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const record = (outcome: string) =>
      this.ledger.record(ENTRY_KIND.serviceAction, {
        action,
        by: req.principal ? { tokenId: req.principal.tokenId, name: req.principal.name, role: req.principal.role } : null,
        method: req.method,
        path: req.path,
        outcome,
      });
    return next.handle().pipe(
      concatMap((result) => from(record('ok').then(() => result))),
      catchError((err: Error) => from(record(`error:${err.name}`)).pipe(concatMap(() => throwError(() => err)))),
    );
  }
}
