import 'reflect-metadata';
import { bootstrapHttpApp } from '@sitrep/platform';
import { ApiModule } from './api.module';

void bootstrapHttpApp(ApiModule, 'sitrep-api', 3000);
