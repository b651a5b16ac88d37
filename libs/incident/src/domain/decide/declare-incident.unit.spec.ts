import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import {
  declareIncidentCommand,
  incidentAcknowledged,
  incidentDeclared,
  incidentResolved,
} from '../testing/incident.fixtures';
import { incidentDecider } from '../incident.decider';
import type { DeclareIncident } from '../incident.commands';

const spec = DeciderSpecification.for(incidentDecider);

describe('DeclareIncident', () => {
  describe('when no incident exists yet', () => {
    it('declaring it records that the incident was declared', () => {
      spec.given([]).when(declareIncidentCommand()).then([incidentDeclared()]);
    });

    it('the title and service names are recorded trimmed, and each service once', () => {
      spec
        .given([])
        .when(
          declareIncidentCommand({
            title: '  Checkout is down \n',
            services: [' checkout', 'payments', 'checkout ', 'payments'],
          }),
        )
        .then([
          incidentDeclared({ title: 'Checkout is down', services: ['checkout', 'payments'] }),
        ]);
    });

    it('an incident may name no affected services', () => {
      spec
        .given([])
        .when(declareIncidentCommand({ services: [] }))
        .then([incidentDeclared({ services: [] })]);
    });

    it('an incident may be declared without a description', () => {
      const { description: _omitted, ...withoutDescription } = incidentDeclared().data;
      spec
        .given([])
        .when(declareIncidentCommand({ description: undefined }))
        .then([{ type: 'IncidentDeclared', data: withoutDescription }]);
    });

    it('a blank description is recorded as no description', () => {
      const [event] = incidentDecider.decide(
        declareIncidentCommand({ description: '   ' }),
        incidentDecider.initialState(),
      );
      expect(event!.data).not.toHaveProperty('description');
    });

    it('the declaration time is recorded in UTC', () => {
      spec
        .given([])
        .when(declareIncidentCommand({ declaredAt: '2024-05-01T11:00:00+02:00' }))
        .then([incidentDeclared({ declaredAt: '2024-05-01T09:00:00.000Z' })]);
    });

    it('the longest allowed title, description and service list are accepted', () => {
      const title = 't'.repeat(200);
      const description = 'd'.repeat(10_000);
      const services = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(100, 's'));
      spec
        .given([])
        .when(declareIncidentCommand({ title, description, services }))
        .then([incidentDeclared({ title, description, services })]);
    });
  });

  describe('when the incident is investigating', () => {
    it('declaring it again is refused with INCIDENT.ALREADY_DECLARED', () => {
      spec
        .given([incidentDeclared()])
        .when(declareIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_DECLARED);
    });

    it('declaring it again is refused even after it was acknowledged', () => {
      spec
        .given([incidentDeclared(), incidentAcknowledged()])
        .when(declareIncidentCommand({ title: 'Something else' }))
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_DECLARED);
    });
  });

  describe('when the incident is resolved', () => {
    it('declaring it again is refused with INCIDENT.ALREADY_DECLARED', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(declareIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_DECLARED);
    });
  });

  describe('when the command is invalid', () => {
    const invalid: [string, string, Partial<Record<keyof DeclareIncident['data'], unknown>>][] = [
      ['an empty title', 'title', { title: '' }],
      ['a title of only spaces', 'title', { title: '   ' }],
      ['a title longer than 200 characters', 'title', { title: 't'.repeat(201) }],
      ['a missing title', 'title', { title: undefined }],
      ['an unknown severity', 'severity', { severity: 'SEV5' }],
      ['a lower-case severity', 'severity', { severity: 'sev1' }],
      [
        'a description longer than 10000 characters',
        'description',
        { description: 'd'.repeat(10_001) },
      ],
      ['a description that is not text', 'description', { description: 42 }],
      ['services that are not a list', 'services', { services: 'checkout' }],
      [
        'more than 50 services',
        'services',
        { services: Array.from({ length: 51 }, (_, i) => `s${i}`) },
      ],
      ['an empty service name', 'services[1]', { services: ['checkout', ' '] }],
      ['a service name longer than 100 characters', 'services[0]', { services: ['s'.repeat(101)] }],
      ['an empty incident id', 'incidentId', { incidentId: '' }],
      ['an empty reporter', 'reportedBy', { reportedBy: ' ' }],
      ['a declaration time that is not a time', 'declaredAt', { declaredAt: 'yesterday' }],
      [
        'a declaration time without a time zone',
        'declaredAt',
        { declaredAt: '2024-05-01T09:00:00' },
      ],
      ['a declaration date without a time', 'declaredAt', { declaredAt: '2024-05-01' }],
      [
        'a declaration on a day that does not exist',
        'declaredAt',
        { declaredAt: '2024-02-30T09:00:00Z' },
      ],
      ['a declaration time given as a number', 'declaredAt', { declaredAt: 1714554000000 }],
    ];

    it.each(invalid)('%s is refused with INCIDENT.INVALID_COMMAND naming %s', (_, field, data) => {
      spec
        .given([])
        .when(declareIncidentCommand(data as Partial<DeclareIncident['data']>))
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.INVALID_COMMAND &&
            error.details?.field === field &&
            error.message.startsWith(`${field} `),
        );
    });

    it('an invalid declaration of an existing incident is refused as invalid first', () => {
      spec
        .given([incidentDeclared()])
        .when(declareIncidentCommand({ title: '' }))
        .thenThrows(IncidentDomainError, IncidentErrorCode.INVALID_COMMAND);
    });
  });
});
