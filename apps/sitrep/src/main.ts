import 'reflect-metadata';
import { bootstrapHttpApp } from '@sitrep/platform';
import { SitrepModule } from './sitrep.module';

void bootstrapHttpApp(SitrepModule, 'sitrep', 3000);
