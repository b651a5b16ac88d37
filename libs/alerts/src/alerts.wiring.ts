import { alertIntakeMigrations } from './intake/alert-intake.module';
import type { Migrations } from '@sitrep/platform';
import { installReadModels } from '@sitrep/messaging';
import { IncidentAlertsProjection } from './read-models/incident-alerts/incident-alerts.projection';

export const alertMigrations: Migrations = [
  ...alertIntakeMigrations,
  installReadModels('IncidentAlertsReadModel1764204000000', new IncidentAlertsProjection()),
];

/** The alert read models: what the CLI rebuilds and verifies. */
export const alertProjections = [IncidentAlertsProjection];
