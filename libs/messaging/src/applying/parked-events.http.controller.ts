import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DATABASE, RequireScopes, type Database } from '@sitrep/platform';
import { PROJECTIONS, type Projection } from '../projection';
import {
  ParkedEventBlockedError,
  ParkedEventNotFoundError,
  ParkedEventUnreadableError,
} from './apply-errors';
import { ListParkedQueryDto, ParkedEventDto, RetryOutcomeDto } from './parked-events.dto';
import { ParkedEvents, type ParkedEvent } from './parked-events';
import { retryParked } from './retry-parked';

@ApiTags('projections')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked bearer token' })
@ApiResponse({ status: 403, description: 'The key lacks the admin scope' })
@RequireScopes('admin')
@Controller('api/v1/projections')
export class ParkedEventsHttpController {
  private readonly parked: ParkedEvents;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(PROJECTIONS) private readonly projections: Projection[] | null,
  ) {
    this.parked = new ParkedEvents(database);
  }

  @Get('parked')
  @ApiResponse({ status: 200, type: ParkedEventDto, isArray: true })
  list(@Query() query: ListParkedQueryDto): Promise<ParkedEvent[]> {
    return this.parked.list(query.projection);
  }

  @Post(':name/parked/:eventId/retry')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: RetryOutcomeDto, description: 'Applied and un-parked' })
  @ApiResponse({
    status: 404,
    description: 'No such parked event, or the projection runs elsewhere',
  })
  @ApiResponse({
    status: 409,
    description:
      'It failed again (still parked), waits behind an earlier parked event, or is unreadable',
  })
  async retry(
    @Param('name') name: string,
    @Param('eventId') eventId: string,
  ): Promise<RetryOutcomeDto> {
    const projection = this.projections?.find((p) => p.name === name);
    if (!projection) {
      throw new NotFoundException({
        code: 'PROJECTION.NOT_FOUND',
        message: `Projection ${name} is not run by this process`,
      });
    }
    try {
      const outcome = await retryParked(this.database, projection, eventId);
      if (outcome.error !== null) {
        throw new ConflictException({
          code: 'PARKED_EVENT.STILL_FAILING',
          message: `Event ${eventId} failed again and stays parked: ${outcome.error}`,
        });
      }
      return { applied: outcome.applied, stillParked: outcome.stillParked };
    } catch (error) {
      if (error instanceof ParkedEventNotFoundError) {
        throw new NotFoundException({ code: error.code, message: error.message });
      }
      if (error instanceof ParkedEventBlockedError || error instanceof ParkedEventUnreadableError) {
        throw new ConflictException({ code: error.code, message: error.message });
      }
      throw error;
    }
  }
}
