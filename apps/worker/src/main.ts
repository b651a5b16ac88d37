import 'reflect-metadata';
import { bootstrapHttpApp } from '@sitrep/platform';
import { WorkerModule } from './worker.module';

void bootstrapHttpApp(WorkerModule, 'sitrep-worker', 3001);
