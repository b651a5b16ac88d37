import type { Upcaster } from './event-store.types';
import { UpcasterRegistry } from './upcasters';

// As stored by the first release: one free-text `assignee` and a severity string.
const storedV1 = JSON.parse('{"title":"Checkout down","severity":"sev1","assignee":"alice"}');

const severityToNumber: Upcaster = {
  type: 'IncidentDeclared',
  fromVersion: 1,
  upcast: ({ severity, ...rest }) => ({
    ...rest,
    severity: Number(String(severity).replace('sev', '')),
  }),
};
const assigneeToResponders: Upcaster = {
  type: 'IncidentDeclared',
  fromVersion: 2,
  upcast: ({ assignee, ...rest }) => ({ ...rest, responders: assignee ? [assignee] : [] }),
};

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry([assigneeToResponders, severityToNumber]);

  it('chains upcasters from the stored version to the current one', () => {
    expect(registry.upcast('IncidentDeclared', 1, storedV1)).toEqual({
      schemaVersion: 3,
      data: { title: 'Checkout down', severity: 1, responders: ['alice'] },
    });
  });

  it('starts from the stored version, skipping upcasters below it', () => {
    const storedV2 = JSON.parse('{"title":"Checkout down","severity":2,"assignee":null}');
    expect(registry.upcast('IncidentDeclared', 2, storedV2)).toEqual({
      schemaVersion: 3,
      data: { title: 'Checkout down', severity: 2, responders: [] },
    });
  });

  it('leaves an event of the current version as stored', () => {
    const storedV3 = JSON.parse('{"title":"t","severity":3,"responders":[]}');
    expect(registry.upcast('IncidentDeclared', 3, storedV3)).toEqual({
      schemaVersion: 3,
      data: storedV3,
    });
  });

  it('leaves other event types alone', () => {
    expect(registry.upcast('IncidentResolved', 1, storedV1)).toEqual({
      schemaVersion: 1,
      data: storedV1,
    });
  });

  it('does not modify the stored object it was given', () => {
    const stored = JSON.parse('{"title":"t","severity":"sev2","assignee":"bob"}');
    registry.upcast('IncidentDeclared', 1, stored);
    expect(stored).toEqual({ title: 't', severity: 'sev2', assignee: 'bob' });
  });

  it('refuses two upcasters for the same type and version', () => {
    expect(() => new UpcasterRegistry([severityToNumber, { ...severityToNumber }])).toThrow(
      'Two upcasters for IncidentDeclared v1',
    );
  });
});
