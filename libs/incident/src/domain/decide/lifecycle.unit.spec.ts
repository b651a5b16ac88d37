import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import {
  acknowledgeIncidentCommand,
  declareIncidentCommand,
  incidentDeclared,
  incidentResolved,
  resolveIncidentCommand,
} from '../testing/incident.fixtures';
import {
  changeSeverityCommand,
  closeIncidentCommand,
  incidentClosed,
  incidentMitigated,
  incidentReopened,
  mitigateIncidentCommand,
  notificationsRequested,
  planInForce,
  planReference,
  potentialIncidentOpened,
  reopenIncidentCommand,
  severityChanged,
  timeboxStarted,
} from '../testing/incident.process.fixtures';

const spec = DeciderSpecification.for(incidentDecider);
const closed = [incidentDeclared(), incidentResolved(), incidentClosed()];

describe('DeclareIncident with a response plan', () => {
  it('declaring records the plan, requests its notifications and starts the first timebox', () => {
    spec
      .given([])
      .when(declareIncidentCommand({ plan: planInForce }))
      .then([
        incidentDeclared({ plan: planReference }),
        notificationsRequested(),
        timeboxStarted({ startedBy: 'alice' }),
      ]);
  });
});

describe('MitigateIncident', () => {
  describe('when the incident is investigating', () => {
    it('mitigating it records the summary', () => {
      spec.given([incidentDeclared()]).when(mitigateIncidentCommand()).then([incidentMitigated()]);
    });
  });

  describe('when the incident is mitigated', () => {
    it('mitigating it again changes nothing', () => {
      spec
        .given([incidentDeclared(), incidentMitigated()])
        .when(mitigateIncidentCommand())
        .thenNothing();
    });

    it('resolving it is allowed', () => {
      spec
        .given([incidentDeclared(), incidentMitigated()])
        .when(resolveIncidentCommand())
        .then([incidentResolved()]);
    });
  });

  it.each([
    ['in triage', [potentialIncidentOpened()], IncidentErrorCode.IN_TRIAGE],
    ['resolved', [incidentDeclared(), incidentResolved()], IncidentErrorCode.ALREADY_RESOLVED],
    ['closed', closed, IncidentErrorCode.CLOSED],
  ])('when the incident is %s, mitigating it is refused with %s', (_, given, code) => {
    spec.given(given).when(mitigateIncidentCommand()).thenThrows(IncidentDomainError, code);
  });
});

describe('CloseIncident', () => {
  describe('when the incident is resolved', () => {
    it('closing it records who closed it', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(closeIncidentCommand())
        .then([incidentClosed()]);
    });

    it('closing it can name the wash-up, trimmed', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(
          closeIncidentCommand({
            washUpReference: ' https://wiki/wash-up/42 ',
            washUpSummary: 'Cache rollout needs a canary',
          }),
        )
        .then([
          incidentClosed({
            washUpReference: 'https://wiki/wash-up/42',
            washUpSummary: 'Cache rollout needs a canary',
          }),
        ]);
    });
  });

  describe('when the incident is closed', () => {
    it('closing it again changes nothing', () => {
      spec.given(closed).when(closeIncidentCommand()).thenNothing();
    });

    it.each([
      ['acknowledging', acknowledgeIncidentCommand()],
      ['resolving', resolveIncidentCommand()],
      ['changing its severity', changeSeverityCommand()],
      ['reopening', reopenIncidentCommand()],
    ])('%s it is refused with INCIDENT.CLOSED', (_, command) => {
      spec.given(closed).when(command).thenThrows(IncidentDomainError, IncidentErrorCode.CLOSED);
    });
  });

  it.each([
    ['investigating', [incidentDeclared()], IncidentErrorCode.NOT_RESOLVED],
    ['mitigated', [incidentDeclared(), incidentMitigated()], IncidentErrorCode.NOT_RESOLVED],
    ['in triage', [potentialIncidentOpened()], IncidentErrorCode.IN_TRIAGE],
  ])('when the incident is %s, closing it is refused with %s', (_, given, code) => {
    spec.given(given).when(closeIncidentCommand()).thenThrows(IncidentDomainError, code);
  });
});

describe('ReopenIncident', () => {
  describe('when the incident is resolved', () => {
    it('reopening it records why', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(reopenIncidentCommand())
        .then([incidentReopened()]);
    });
  });

  describe('when the incident was reopened', () => {
    const given = [incidentDeclared(), incidentResolved(), incidentReopened()];

    it('it can be resolved again', () => {
      spec.given(given).when(resolveIncidentCommand()).then([incidentResolved()]);
    });

    it('reopening it again is refused with INCIDENT.NOT_RESOLVED', () => {
      spec
        .given(given)
        .when(reopenIncidentCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.NOT_RESOLVED);
    });
  });
});

describe('ChangeSeverity', () => {
  describe('when the incident is open', () => {
    it('changing it records from what, to what and why', () => {
      spec.given([incidentDeclared()]).when(changeSeverityCommand()).then([severityChanged()]);
    });

    it('a potential incident can change severity in triage', () => {
      spec
        .given([potentialIncidentOpened()])
        .when(changeSeverityCommand())
        .then([severityChanged({ from: 'SEV3' })]);
    });

    it('the same severity again changes nothing', () => {
      spec
        .given([incidentDeclared(), severityChanged()])
        .when(changeSeverityCommand())
        .thenNothing();
    });

    it('a change without a reason is refused as invalid', () => {
      spec
        .given([incidentDeclared()])
        .when(changeSeverityCommand({ reason: ' ' }))
        .thenThrows(IncidentDomainError, (e) => e.details?.field === 'reason');
    });
  });

  describe('when the incident is resolved', () => {
    it('changing it is refused with INCIDENT.ALREADY_RESOLVED', () => {
      spec
        .given([incidentDeclared(), incidentResolved()])
        .when(changeSeverityCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.ALREADY_RESOLVED);
    });
  });
});

describe('AcknowledgeIncident and ResolveIncident in triage', () => {
  it('a potential incident can be acknowledged', () => {
    spec
      .given([potentialIncidentOpened()])
      .when(acknowledgeIncidentCommand())
      .then([{ type: 'IncidentAcknowledged', data: acknowledgeIncidentCommand().data }]);
  });

  it('a potential incident cannot be resolved: INCIDENT.IN_TRIAGE', () => {
    spec
      .given([potentialIncidentOpened()])
      .when(resolveIncidentCommand())
      .thenThrows(IncidentDomainError, IncidentErrorCode.IN_TRIAGE);
  });
});
