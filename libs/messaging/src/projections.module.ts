import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SITREP_CONFIG, type SitrepConfig } from '@sitrep/platform';
import {
  PROJECTIONS_TRANSPORT,
  projectionsTransportFor,
  type ProjectionsTransport,
} from './applying/projections-transport';
import { READ_YOUR_WRITES, type ReadYourWrites } from './events-appended';
import { InProcessProjectionsRunner } from './in-process/in-process-projections.runner';
import { KafkaProjectionsRunner } from './kafka/kafka-projections.runner';
import { PROJECTIONS, type Projection } from './projection';

type ProjectionClass = new (...args: never[]) => Projection;

/**
 * Keeps the read models in this process. The projections are given as Nest providers so they can
 * have their own dependencies. Both transports are registered; the one chosen at start runs and
 * answers READ_YOUR_WRITES, the other stays inert.
 */
@Module({})
export class ProjectionsModule {
  /** Kafka consumer groups when KAFKA_BROKERS is set, otherwise tailing the global log in process. */
  static forProjections(projections: ProjectionClass[]): DynamicModule {
    return ProjectionsModule.with(projections, {
      provide: PROJECTIONS_TRANSPORT,
      inject: [SITREP_CONFIG],
      useFactory: (config: SitrepConfig) => projectionsTransportFor(config),
    });
  }

  /** For a process that only serves HTTP: it does not wait for read models kept elsewhere. */
  static elsewhere(): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: READ_YOUR_WRITES, useValue: { waitUntilProjected: async () => false } },
      ],
      exports: [READ_YOUR_WRITES],
    };
  }

  private static with(projections: ProjectionClass[], transport: Provider): DynamicModule {
    const providers: Provider[] = [
      ...projections,
      {
        provide: PROJECTIONS,
        inject: projections,
        useFactory: (...instances: Projection[]) => instances,
      },
      transport,
      InProcessProjectionsRunner,
      KafkaProjectionsRunner,
      {
        provide: READ_YOUR_WRITES,
        inject: [PROJECTIONS_TRANSPORT, InProcessProjectionsRunner, KafkaProjectionsRunner],
        useFactory: (
          chosen: ProjectionsTransport,
          inProcess: InProcessProjectionsRunner,
          kafka: KafkaProjectionsRunner,
        ): ReadYourWrites => {
          // A plain delegate, not the runner itself: Nest would run a factory-returned
          // instance's lifecycle hooks a second time and start every consumer twice.
          const runner = chosen === 'kafka' ? kafka : inProcess;
          return {
            waitUntilProjected: (position, wait) => runner.waitUntilProjected(position, wait),
          };
        },
      },
    ];
    return {
      module: ProjectionsModule,
      global: true,
      imports: [CqrsModule],
      providers,
      exports: [
        READ_YOUR_WRITES,
        InProcessProjectionsRunner,
        KafkaProjectionsRunner,
        PROJECTIONS,
        PROJECTIONS_TRANSPORT,
      ],
    };
  }
}
