import {
  applyDecorators,
  createParamDecorator,
  Delete,
  HttpCode,
  Inject,
  Injectable,
  Post,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
} from '@nestjs/swagger';
import {
  RequireScopes,
  type AuthenticatedRequest,
  type Scope,
  type ReplyHeaders,
} from '@sitrep/platform';
import {
  READ_YOUR_WRITES,
  type BuildCommand,
  type CommandContext,
  type ReadYourWrites,
} from '@sitrep/messaging';
import type { IncidentCommand, IncidentState } from '../../domain';
import { etagOf, parseIfMatch } from '../../http-versioning';
import { IncidentCommandResponse } from './incident-command.response';
import { IncidentRequest, type IncidentResult } from './incident-request';
import { incidentStreamId } from '../../incident-stream';

/** Who asks (the API key's name), for which request, and at which version (If-Match). */
export const RequestContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): CommandContext => {
    const request = ctx
      .switchToHttp()
      .getRequest<
        AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> }
      >();
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const expectedVersion = parseIfMatch(header('if-match'));
    return {
      actor: request.principal?.name ?? 'anonymous',
      correlationId: header('x-request-id'),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
  },
);

export interface CommandRouteOptions {
  path: string;
  summary: string;
  /** Conflicts the route can answer with, by stable code (409 unless in `statuses`). */
  conflicts?: string[];
  method?: 'post' | 'delete';
  /** 201: the command creates a record with a new id. */
  created?: boolean;
  type?: Type<unknown>;
  scope?: Scope;
}

/** Route, scope, status and the OpenAPI description every incident command route shares. */
export function CommandRoute(options: CommandRouteOptions) {
  const type = options.type ?? IncidentCommandResponse;
  const description = 'Done (a repeat that changes nothing answers the same); ETag is the version.';
  return applyDecorators(
    options.method === 'delete' ? Delete(options.path) : Post(options.path),
    HttpCode(options.created ? 201 : 200),
    RequireScopes(options.scope ?? 'incidents:write'),
    ApiBearerAuth(),
    ApiOperation({ summary: options.summary }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The version (ETag) you saw.' }),
    options.created
      ? ApiCreatedResponse({ type, description })
      : ApiOkResponse({ type, description }),
    ApiResponse({ status: 400, description: 'An invalid field (named in details).' }),
    ApiResponse({ status: 403, description: 'The API key lacks the scope.' }),
    ApiResponse({ status: 404, description: 'No such incident (or record it names).' }),
    ApiResponse({
      status: 409,
      description: `Not allowed now: ${(options.conflicts ?? []).join(', ') || 'see code'}`,
    }),
    ApiResponse({ status: 412, description: 'If-Match is stale.' }),
    ApiResponse({
      status: 503,
      description:
        'Too busy (CONCURRENCY.CONTENDED) or the database is unavailable: retry after Retry-After.',
    }),
  );
}

/** Sends a bus command and answers once its events are in the local read models. */
@Injectable()
export class CommandReplies {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
  ) {}

  /** Runs the domain command the request becomes on the incident (see IncidentRequest). */
  run(
    incidentId: string,
    context: CommandContext,
    res: ReplyHeaders,
    command: BuildCommand<IncidentCommand, IncidentState>,
  ): Promise<IncidentCommandResponse> {
    return this.send(new IncidentRequest(incidentId, command, context), res);
  }

  async send(command: object, res: ReplyHeaders): Promise<IncidentCommandResponse> {
    const outcome = await this.commands.execute<object, IncidentResult>(command);
    // Answer once the events are in the local read models (bounded wait), so a client that reads
    // right after writing sees its own write; the ETag carries the new version for If-Match.
    if (outcome.lastGlobalPosition !== null) {
      await this.readModels.waitUntilProjected(outcome.lastGlobalPosition, {
        streamId: incidentStreamId(outcome.id),
      });
    }
    res.header('ETag', etagOf(outcome.version));
    return { id: outcome.id, version: outcome.version };
  }
}
