import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'compliance', 'auditor', 'ingest', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'evident:roles';
export const PUBLIC_KEY = 'evident:public';
export const AUDITED_KEY = 'evident:audited';

/** Roles allowed on a route. A route with neither @Roles nor @Public is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Health and sign-in only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** No bearer token: the request is authenticated by its webhook signature in the handler. */
export const WEBHOOK_KEY = 'evident:webhook';
export const WebhookSignature = () => SetMetadata(WEBHOOK_KEY, true);
/** The call is written to the ledger as a service action (who did what, when, with which outcome). */
export const Audited = (action: string) => SetMetadata(AUDITED_KEY, action);

/** Reading roles: everyone but ingest-only tokens. */
export const READERS: Role[] = ['admin', 'compliance', 'auditor', 'viewer'];
