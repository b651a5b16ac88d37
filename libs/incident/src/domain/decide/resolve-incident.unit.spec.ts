import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import {
  incidentAcknowledged,
  incidentDeclared,
  incidentResolved,
  resolveIncidentCommand,
} from '../testing/incident.fixtures';

const spec = DeciderSpecification.for(incidentDecider);

describe('ResolveIncident', () => {
  describe('when no incident exists', () => {
    it('resolving it is refused with INCIDENT.NOT_FOUND', () => {
      spec
        .given([])
        .when(resolveIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_FOUND);
    });
  });

  describe('when the incident is investigating and acknowledged', () => {
    const given = [incidentDeclared(), incidentAcknowledged()];

    it('resolving it records the resolution', () => {
      spec.given(given).when(resolveIncidentCommand()).then([incidentResolved()]);
    });

    it('the resolution summary is recorded trimmed', () => {
      spec
        .given(given)
        .when(resolveIncidentCommand({ resolutionSummary: '\n  Rolled back.  ' }))
        .then([incidentResolved({ resolutionSummary: 'Rolled back.' })]);
    });

    it('a summary of 5000 characters is accepted', () => {
      const resolutionSummary = 'r'.repeat(5_000);
      spec
        .given(given)
        .when(resolveIncidentCommand({ resolutionSummary }))
        .then([incidentResolved({ resolutionSummary })]);
    });
  });

  describe('when the incident is investigating and nobody has acknowledged it', () => {
    it('resolving it is allowed and records only the resolution', () => {
      spec.given([incidentDeclared()]).when(resolveIncidentCommand()).then([incidentResolved()]);
    });
  });

  describe('when the incident is resolved', () => {
    it('resolving a resolved incident is refused with INCIDENT.ALREADY_RESOLVED', () => {
      spec
        .given([incidentDeclared(), incidentAcknowledged(), incidentResolved()])
        .when(resolveIncidentCommand({ resolutionSummary: 'Resolved again' }))
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_RESOLVED);
    });

    it('the refusal says when it was resolved', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(resolveIncidentCommand())
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.details?.incidentId === incidentResolved().data.incidentId &&
            error.details?.resolvedAt === incidentResolved().data.resolvedAt,
        );
    });
  });

  describe('when the command is invalid', () => {
    const invalid: [string, string, Record<string, unknown>][] = [
      ['an empty resolution summary', 'resolutionSummary', { resolutionSummary: ' ' }],
      [
        'a summary longer than 5000 characters',
        'resolutionSummary',
        { resolutionSummary: 'r'.repeat(5_001) },
      ],
      ['a missing resolver', 'resolvedBy', { resolvedBy: undefined }],
      ['a resolution time that is not a time', 'resolvedAt', { resolvedAt: '' }],
      [
        'a resolution time with a bad offset',
        'resolvedAt',
        { resolvedAt: '2024-05-01T09:47:00+24:00' },
      ],
      ["another incident's id", 'incidentId', { incidentId: 'another-incident' }],
    ];

    it.each(invalid)('%s is refused with INCIDENT.INVALID_COMMAND naming %s', (_, field, data) => {
      spec
        .given([incidentDeclared()])
        .when(resolveIncidentCommand(data))
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.INVALID_COMMAND && error.details?.field === field,
        );
    });
  });
});
