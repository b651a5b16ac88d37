import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Scope } from './api-key.scopes';

export const REQUIRED_SCOPES = 'sitrep:required-scopes';

/** Scopes an /api/v1 handler needs; without it the route needs `admin`. On a class or a handler. */
export const RequireScopes = (...scopes: [Scope, ...Scope[]]) =>
  SetMetadata(REQUIRED_SCOPES, scopes);

/** The request field the guard stores the authenticated principal in. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
