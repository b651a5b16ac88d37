import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { missingScope, type Scope } from './api-key.scopes';
import { ApiKeyService } from './api-key.service';
import { REQUIRED_SCOPES, type AuthenticatedRequest } from './require-scopes.decorator';
import { recordAuthFailure } from '../http/auth-failure-limit';
import type { ReplyHeaders } from '../http/reply-headers';
import { pathOf } from '../http/request-body';

const PROTECTED_PREFIX = '/api/v1';
const SECURE_DEFAULT: Scope[] = ['admin'];
const BEARER = /^Bearer +([^\s]+) *$/i;

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  url: string;
  /** Fastify's: `url` is the matched route's pattern. */
  routeOptions?: { url?: unknown };
}

/**
 * Guards every route under /api/v1 and nothing else (health, docs and webhooks have their own
 * rules). A route without @RequireScopes needs `admin`, so forgetting the decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!isProtected(request)) return true;
    const response = context.switchToHttp().getResponse<ReplyHeaders>();

    const token = bearerToken(request.headers.authorization);
    if (!token) {
      recordAuthFailure(request);
      response.header('WWW-Authenticate', 'Bearer realm="sitrep"');
      throw new UnauthorizedException({
        code: 'UNAUTHENTICATED',
        message: 'A bearer token is required',
      });
    }
    const principal = await this.apiKeys.authenticate(token);
    if (!principal) {
      recordAuthFailure(request);
      response.header('WWW-Authenticate', 'Bearer realm="sitrep", error="invalid_token"');
      throw new UnauthorizedException({
        code: 'INVALID_TOKEN',
        message: 'The bearer token is unknown or revoked',
      });
    }
    request.principal = principal;

    const required =
      this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? SECURE_DEFAULT;
    const missing = missingScope(principal.scopes, required);
    if (missing) {
      throw new ForbiddenException({
        code: 'INSUFFICIENT_SCOPE',
        message: `This API key lacks the required scope '${missing}'`,
        details: { requiredScopes: required },
      });
    }
    return true;
  }
}

/**
 * Decided on the matched route's pattern rather than the raw URL: routes match paths
 * case-insensitively, so a check on the URL text could be bypassed with /API/v1/...
 */
function isProtected(request: HttpRequest): boolean {
  const pattern = request.routeOptions?.url;
  const routePath = typeof pattern === 'string' ? pattern : pathOf(request.url);
  const path = routePath.toLowerCase();
  return path === PROTECTED_PREFIX || path.startsWith(`${PROTECTED_PREFIX}/`);
}

function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}
