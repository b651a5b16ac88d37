import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { READ_YOUR_WRITES } from './events-appended';
import { InProcessProjectionsRunner } from './in-process/in-process-projections.runner';
import { PROJECTIONS, type Projection } from './projection';

/**
 * Keeps the read models in this process. The projections are given as Nest providers so they can
 * have their own dependencies; the runner tails the event log for each.
 */
@Module({})
export class ProjectionsModule {
  static inProcess(projections: Array<new (...args: never[]) => Projection>): DynamicModule {
    const providers: Provider[] = [
      ...projections,
      {
        provide: PROJECTIONS,
        inject: projections,
        useFactory: (...instances: Projection[]) => instances,
      },
      InProcessProjectionsRunner,
      { provide: READ_YOUR_WRITES, useExisting: InProcessProjectionsRunner },
    ];
    return {
      module: ProjectionsModule,
      global: true,
      imports: [CqrsModule],
      providers,
      exports: [READ_YOUR_WRITES, InProcessProjectionsRunner, PROJECTIONS],
    };
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
}
