import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import { incidentDeclared, incidentResolved } from '../testing/incident.fixtures';
import {
  confirmIncidentCommand,
  dismissPotentialIncidentCommand,
  incidentConfirmed,
  notificationsRequested,
  openPotentialIncidentCommand,
  planInForce,
  potentialIncidentDismissed,
  potentialIncidentOpened,
  timeboxStarted,
} from '../testing/incident.process.fixtures';

const spec = DeciderSpecification.for(incidentDecider);

describe('OpenPotentialIncident', () => {
  describe('when no incident exists', () => {
    it('opening one records a potential incident in triage under the plan in force', () => {
      spec.given([]).when(openPotentialIncidentCommand()).then([potentialIncidentOpened()]);
    });

    it('a plan with zero investigation minutes is refused as invalid', () => {
      spec
        .given([])
        .when(openPotentialIncidentCommand({ plan: { ...planInForce, investigationMinutes: 0 } }))
        .thenThrows(IncidentDomainError, (e) => e.details?.field === 'plan.investigationMinutes');
    });
  });

  describe('when the incident id is taken', () => {
    it('opening it again is refused with INCIDENT.ALREADY_DECLARED', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(openPotentialIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_DECLARED);
    });
  });
});

describe('ConfirmIncident', () => {
  describe('when the potential incident is in triage', () => {
    it('confirming it declares it, requests the notifications and starts the first timebox', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(confirmIncidentCommand())
        .then([incidentConfirmed(), notificationsRequested(), timeboxStarted()]);
    });

    it('a plan without contacts still records the notify step, asking nobody', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(confirmIncidentCommand({ plan: { ...planInForce, contacts: [] } }))
        .then([incidentConfirmed(), notificationsRequested({ contacts: [] }), timeboxStarted()]);
    });

    it('a contact without an address is refused as invalid', () => {
      const contacts = [{ name: 'Ops', channel: 'email', address: ' ' }];
      spec
        .given([potentialIncidentOpened()])
        .when(confirmIncidentCommand({ plan: { ...planInForce, contacts } }))
        .thenThrows(IncidentDomainError, (e) => e.details?.field === 'plan.contacts[0].address');
    });
  });

  describe('when it was already confirmed', () => {
    it('a second confirmation changes nothing', () => {
      spec
        .given([potentialIncidentOpened(), incidentConfirmed()])
        .when(confirmIncidentCommand({ confirmedBy: 'bob' }))
        .thenNothing();
    });
  });

  describe('when the incident was declared directly', () => {
    it('confirming it is refused with INCIDENT.NOT_IN_TRIAGE', () => {
      spec
        .given([incidentDeclared()])
        .when(confirmIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_IN_TRIAGE);
    });

    it('confirming it after resolution is refused with INCIDENT.NOT_IN_TRIAGE too', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(confirmIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_IN_TRIAGE);
    });
  });

  describe('when the potential incident was dismissed', () => {
    it('confirming it is refused with INCIDENT.DISMISSED', () => {
      spec
        .given([potentialIncidentOpened(), potentialIncidentDismissed()])
        .when(confirmIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.DISMISSED);
    });
  });

  describe('when no incident exists', () => {
    it('confirming it is refused with INCIDENT.NOT_FOUND', () => {
      spec
        .given([])
        .when(confirmIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_FOUND);
    });
  });
});

describe('DismissPotentialIncident', () => {
  describe('when the potential incident is in triage', () => {
    it('dismissing it records why', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(dismissPotentialIncidentCommand())
        .then([potentialIncidentDismissed()]);
    });

    it('a dismissal without a reason is refused as invalid', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(dismissPotentialIncidentCommand({ reason: '' }))
        .thenThrows(IncidentDomainError, IncidentErrorCode.INVALID_COMMAND);
    });
  });

  describe('when it was already dismissed', () => {
    it('dismissing it again changes nothing', () => {
      spec
        .given([potentialIncidentOpened(), potentialIncidentDismissed()])
        .when(dismissPotentialIncidentCommand())
        .thenNothing();
    });
  });

  describe('when it was confirmed', () => {
    it('dismissing it is refused with INCIDENT.NOT_IN_TRIAGE', () => {
      spec
        .given([potentialIncidentOpened(), incidentConfirmed()])
        .when(dismissPotentialIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_IN_TRIAGE);
    });
  });
});
