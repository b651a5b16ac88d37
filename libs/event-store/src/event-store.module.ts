import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE, type Database } from '@sitrep/platform';
import { CHECKPOINT_STORE, PostgresCheckpointStore } from './checkpoint-store';
import { EVENT_STORE, type Upcaster } from './event-store.types';
import { PostgresEventStore } from './postgres-event-store';
import { UpcasterRegistry } from './upcasters';

/** The event store and checkpoints for the whole process, over the global DatabaseModule's pool. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(upcasters: Upcaster[] = []): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [DATABASE],
          useFactory: (database: Database) =>
            new PostgresEventStore(database, new UpcasterRegistry(upcasters)),
        },
        {
          provide: CHECKPOINT_STORE,
          inject: [DATABASE],
          useFactory: (database: Database) => new PostgresCheckpointStore(database),
        },
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE],
    };
  }
}
