import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@sitrep/platform';
import { GetBoardQuery, type Board } from './get-board.query';
import { BoardRequest } from './incident-board.request.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/board')
export class BoardHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScopes('incidents:read')
  @ApiOkResponse({
    description:
      'Open incidents, most urgent first, with what needs attention now: huddle due or overdue, actions overdue, update overdue.',
  })
  board(@Query() q: BoardRequest): Promise<Board> {
    return this.queries.execute(new GetBoardQuery(q.includeResolved, q.limit));
  }
}
