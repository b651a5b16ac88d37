import { DeciderSpecification } from '@sitrep/testing';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import { incidentDeclared, incidentResolved } from '../testing/incident.fixtures';
import {
  assignRoleCommand,
  incidentConfirmed,
  notificationAcknowledged,
  notificationsRequested,
  potentialIncidentOpened,
  recordNotificationAcknowledgedCommand,
  roleAssigned,
  timeboxStarted,
} from '../testing/incident.process.fixtures';
import {
  actionAdded,
  actionCompleted,
  addActionCommand,
  cancelActionCommand,
  completeActionCommand,
  decisionRecorded,
  huddleDue,
  huddleHeld,
  huddleOverdue,
  markHuddleDueCommand,
  markHuddleOverdueCommand,
  recordDecisionCommand,
  recordHuddleCommand,
  secondTimeboxStarted,
  startTimeboxCommand,
} from '../testing/incident.records.fixtures';

const spec = DeciderSpecification.for(incidentDecider);
const confirmed = [
  potentialIncidentOpened(),
  incidentConfirmed(),
  notificationsRequested(),
  timeboxStarted(),
];

describe('the huddle cycle', () => {
  describe('when the first timebox is running', () => {
    it('the timer at its end marks the huddle due', () => {
      spec.given(confirmed).when(markHuddleDueCommand()).then([huddleDue()]);
    });

    it('a timer that fires early is refused with INCIDENT.TIMER_EARLY', () => {
      spec
        .given(confirmed)
        .when(markHuddleDueCommand({ markedAt: '2024-05-01T09:19:59Z' }))
        .thenThrows(IncidentDomainError, IncidentErrorCode.TIMER_EARLY);
    });

    it('an overdue timer arriving first marks the huddle due and overdue at once', () => {
      spec
        .given(confirmed)
        .when(markHuddleOverdueCommand())
        .then([huddleDue({ markedAt: '2024-05-01T09:30:02.000Z' }), huddleOverdue()]);
    });

    it('starting another timebox is refused with INCIDENT.TIMEBOX_RUNNING', () => {
      spec
        .given(confirmed)
        .when(startTimeboxCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.TIMEBOX_RUNNING);
    });
  });

  describe('when the huddle is due', () => {
    const due = [...confirmed, huddleDue()];

    it('marking it due again changes nothing', () => {
      spec.given(due).when(markHuddleDueCommand()).thenNothing();
    });

    it('recording the huddle says who attended and that it kept to the plan', () => {
      spec.given(due).when(recordHuddleCommand()).then([huddleHeld()]);
    });

    it('a huddle longer than the plan allows is recorded as overran', () => {
      spec
        .given(due)
        .when(recordHuddleCommand({ endedAt: '2024-05-01T09:31:30Z' }))
        .then([huddleHeld({ endedAt: '2024-05-01T09:31:30.000Z', overran: true })]);
    });

    it('the overdue timer marks it overdue', () => {
      spec.given(due).when(markHuddleOverdueCommand()).then([huddleOverdue()]);
    });

    it('starting the next timebox before the huddle is refused with INCIDENT.HUDDLE_PENDING', () => {
      spec
        .given(due)
        .when(startTimeboxCommand())
        .thenThrows(IncidentDomainError, IncidentErrorCode.HUDDLE_PENDING);
    });
  });

  describe('when the huddle was held', () => {
    const held = [...confirmed, huddleDue(), huddleHeld()];

    it('the same huddle recorded again changes nothing', () => {
      spec.given(held).when(recordHuddleCommand()).thenNothing();
    });

    it('the overdue timer changes nothing', () => {
      spec.given(held).when(markHuddleOverdueCommand()).thenNothing();
    });

    it('starting the next timebox counts it as round 2', () => {
      spec.given(held).when(startTimeboxCommand()).then([secondTimeboxStarted()]);
    });

    it('a stale timer for round 1 changes nothing once round 2 runs', () => {
      spec
        .given([...held, secondTimeboxStarted()])
        .when(markHuddleDueCommand())
        .thenNothing();
    });
  });

  describe('when the incident is resolved', () => {
    it('a huddle timer changes nothing', () => {
      spec
        .given([...confirmed, incidentResolved()])
        .when(markHuddleDueCommand())
        .thenNothing();
    });
  });

  describe('when the incident was declared without a plan', () => {
    it('no timebox runs until one is started, for the default 30 minutes', () => {
      spec
        .given([incidentDeclared()])
        .when(startTimeboxCommand({ minutes: undefined }))
        .then([
          secondTimeboxStarted({ round: 1, minutes: 30, endsAt: '2024-05-01T10:00:00.000Z' }),
        ]);
    });
  });
});

describe('roles and notifications', () => {
  it('handing the commander role over names the previous holder', () => {
    spec
      .given([incidentDeclared(), roleAssigned()])
      .when(assignRoleCommand({ person: 'bob' }))
      .then([roleAssigned({ person: 'bob', previousHolder: 'alice' })]);
  });

  it('assigning the same commander again changes nothing', () => {
    spec.given([incidentDeclared(), roleAssigned()]).when(assignRoleCommand()).thenNothing();
  });

  it('a second acknowledgement from the same contact changes nothing', () => {
    spec
      .given([...confirmed, notificationAcknowledged()])
      .when(recordNotificationAcknowledgedCommand())
      .thenNothing();
  });

  it('an acknowledgement from someone never notified is refused with INCIDENT.UNKNOWN_CONTACT', () => {
    spec
      .given(confirmed)
      .when(recordNotificationAcknowledgedCommand({ contact: 'Mallory' }))
      .thenThrows(IncidentDomainError, IncidentErrorCode.UNKNOWN_CONTACT);
  });
});

describe('decisions and actions', () => {
  const decided = [incidentDeclared(), decisionRecorded()];

  it('a decision is recorded with what was rejected and why', () => {
    spec.given([incidentDeclared()]).when(recordDecisionCommand()).then([decisionRecorded()]);
  });

  it('communicating externally without audience, timing and message is refused as invalid', () => {
    spec
      .given([incidentDeclared()])
      .when(recordDecisionCommand({ kind: 'communicate-externally' }))
      .thenThrows(IncidentDomainError, (e) => e.details?.field === 'communication');
  });

  it('superseding a decision that does not exist is refused with INCIDENT.DECISION_NOT_FOUND', () => {
    spec
      .given([incidentDeclared()])
      .when(recordDecisionCommand({ supersedes: 'nope' }))
      .thenThrows(IncidentDomainError, IncidentErrorCode.DECISION_NOT_FOUND);
  });

  it('superseding an already superseded decision is refused with INCIDENT.DECISION_SUPERSEDED', () => {
    const second = decisionRecorded({ decisionId: 'decision-2', supersedes: 'decision-1' });
    spec
      .given([...decided, second])
      .when(recordDecisionCommand({ decisionId: 'decision-3', supersedes: 'decision-1' }))
      .thenThrows(IncidentDomainError, IncidentErrorCode.DECISION_SUPERSEDED);
  });

  it('the same decision recorded again changes nothing', () => {
    spec.given(decided).when(recordDecisionCommand()).thenNothing();
  });

  it('an action can carry out a recorded decision', () => {
    spec
      .given(decided)
      .when(addActionCommand({ decisionId: 'decision-1' }))
      .then([actionAdded({ decisionId: 'decision-1' })]);
  });

  it('completing a completed action changes nothing; cancelling it is refused', () => {
    const done = [...decided, actionAdded(), actionCompleted()];
    spec.given(done).when(completeActionCommand()).thenNothing();
    spec
      .given(done)
      .when(cancelActionCommand())
      .thenThrows(IncidentDomainError, IncidentErrorCode.ACTION_COMPLETED);
  });
});
