import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import {
  acknowledgeIncidentCommand,
  incidentAcknowledged,
  incidentDeclared,
  incidentResolved,
} from '../testing/incident.fixtures';

const spec = DeciderSpecification.for(incidentDecider);

describe('AcknowledgeIncident', () => {
  describe('when no incident exists', () => {
    it('acknowledging it is refused with INCIDENT.NOT_FOUND', () => {
      spec
        .given([])
        .when(acknowledgeIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_FOUND);
    });
  });

  describe('when the incident is investigating and nobody has acknowledged it', () => {
    it('acknowledging it records who acknowledged it and when', () => {
      spec
        .given([incidentDeclared()])
        .when(acknowledgeIncidentCommand())
        .then([incidentAcknowledged()]);
    });

    it('the acknowledgement time is recorded in UTC', () => {
      spec
        .given([incidentDeclared()])
        .when(acknowledgeIncidentCommand({ acknowledgedAt: '2024-05-01T05:04:00-04:00' }))
        .then([incidentAcknowledged({ acknowledgedAt: '2024-05-01T09:04:00.000Z' })]);
    });

    it('acknowledging another incident through this one is refused as invalid', () => {
      spec
        .given([incidentDeclared()])
        .when(acknowledgeIncidentCommand({ incidentId: 'another-incident' }))
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.INVALID_COMMAND &&
            error.details?.field === 'incidentId',
        );
    });
  });

  describe('when the incident is already acknowledged', () => {
    const given = [incidentDeclared(), incidentAcknowledged()];

    it('a second acknowledgement changes nothing', () => {
      spec.given(given).when(acknowledgeIncidentCommand()).thenNothing();
    });

    it('an acknowledgement by someone else, later, changes nothing either', () => {
      spec
        .given(given)
        .when(
          acknowledgeIncidentCommand({
            acknowledgedBy: 'carol',
            acknowledgedAt: '2024-05-01T09:05:00.000Z',
          }),
        )
        .thenNothing();
    });
  });

  describe('when the incident is resolved', () => {
    it('acknowledging it is refused with INCIDENT.ALREADY_RESOLVED', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(acknowledgeIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_RESOLVED);
    });

    it('acknowledging it is refused even when it had been acknowledged before', () => {
      spec
        .given([incidentDeclared(), incidentAcknowledged(), incidentResolved()])
        .when(acknowledgeIncidentCommand())
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.ALREADY_RESOLVED &&
            error.details?.resolvedAt === incidentResolved().data.resolvedAt,
        );
    });
  });

  describe('when the command is invalid', () => {
    const invalid: [string, string, Record<string, unknown>][] = [
      ['an empty incident id', 'incidentId', { incidentId: '' }],
      ['an empty acknowledger', 'acknowledgedBy', { acknowledgedBy: '' }],
      ['a missing acknowledger', 'acknowledgedBy', { acknowledgedBy: undefined }],
      ['an acknowledgement time that is not a time', 'acknowledgedAt', { acknowledgedAt: 'now' }],
      [
        "an acknowledgement at 25 o'clock",
        'acknowledgedAt',
        { acknowledgedAt: '2024-05-01T25:00:00Z' },
      ],
    ];

    it.each(invalid)('%s is refused with INCIDENT.INVALID_COMMAND naming %s', (_, field, data) => {
      spec
        .given([incidentDeclared()])
        .when(acknowledgeIncidentCommand(data))
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.INVALID_COMMAND && error.details?.field === field,
        );
    });
  });
});
