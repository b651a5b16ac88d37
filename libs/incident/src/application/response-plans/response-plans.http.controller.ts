import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScopes, UuidParam, type ReplyHeaders } from '@sitrep/platform';
import type { CommandContext } from '@sitrep/messaging';
import { CommandRoute, RequestContext } from '../shared/command-http';
import { etagOf } from '../../http-versioning';
import type { ResponsePlanResult } from './response-plan.handlers';
import { ResponsePlanCatalog } from './response-plan.catalog';
import {
  CreateResponsePlanCommand,
  RetireResponsePlanCommand,
  ReviseResponsePlanCommand,
} from './response-plan.commands';
import { ResponsePlanRequest, ReviseResponsePlanRequest } from './response-plan.request.dto';
import {
  ResponsePlanCommandResponse,
  ResponsePlanList,
  ResponsePlanView,
} from './response-plan.view';

const PLAN_CONFLICTS = ['RESPONSE_PLAN.RETIRED', 'RESPONSE_PLAN.DEFAULT_REQUIRED'];

/** The standing plan as data: admins write it; anyone who may read incidents may read it. */
@ApiTags('response-plans')
@ApiBearerAuth()
@Controller('api/v1/response-plans')
export class ResponsePlansHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly catalog: ResponsePlanCatalog,
  ) {}

  @Get()
  @RequireScopes('incidents:read')
  @ApiOperation({ summary: 'Every response plan (retired ones too), oldest first' })
  @ApiOkResponse({ type: ResponsePlanList })
  async list(): Promise<ResponsePlanList> {
    return { items: await this.catalog.list() };
  }

  @Get(':id')
  @RequireScopes('incidents:read')
  @ApiOperation({ summary: 'A response plan: its current version and every version before it' })
  @ApiOkResponse({ type: ResponsePlanView, description: 'ETag is the version for If-Match.' })
  async get(
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<ResponsePlanView> {
    const { plan, streamVersion } = await this.catalog.view(id);
    res.header('ETag', etagOf(streamVersion));
    return plan;
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Create a response plan (version 1)' })
  @ApiCreatedResponse({ type: ResponsePlanCommandResponse })
  async create(
    @Body() body: ResponsePlanRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<ResponsePlanCommandResponse> {
    const outcome = await this.commands.execute<object, ResponsePlanResult>(
      new CreateResponsePlanCommand(body, context),
    );
    res.header('Location', `/api/v1/response-plans/${outcome.id}`);
    return reply(outcome, res);
  }

  @Put(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Revise a plan: a new version; running incidents keep theirs' })
  @ApiOkResponse({ type: ResponsePlanCommandResponse })
  async revise(
    @UuidParam() id: string,
    @Body() body: ReviseResponsePlanRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<ResponsePlanCommandResponse> {
    const outcome = await this.commands.execute<object, ResponsePlanResult>(
      new ReviseResponsePlanCommand(id, body, context),
    );
    return reply(outcome, res);
  }

  @CommandRoute({
    method: 'delete',
    path: ':id',
    summary: 'Retire a plan: it takes no new incidents (the default plan cannot be retired)',
    scope: 'admin',
    conflicts: PLAN_CONFLICTS,
    type: ResponsePlanCommandResponse,
  })
  @ApiQuery({ name: 'reason', required: false })
  async retire(
    @UuidParam() id: string,
    @Query('reason') reason: string | undefined,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<ResponsePlanCommandResponse> {
    const outcome = await this.commands.execute<object, ResponsePlanResult>(
      new RetireResponsePlanCommand(id, reason, context),
    );
    return reply(outcome, res);
  }
}

function reply(outcome: ResponsePlanResult, res: ReplyHeaders): ResponsePlanCommandResponse {
  res.header('ETag', etagOf(outcome.version));
  return { id: outcome.id, version: outcome.version };
}
