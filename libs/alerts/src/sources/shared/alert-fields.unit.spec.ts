import type { AlertSeverity } from '../../normalized-alert';
import { severityIn } from './alert-fields';

describe('severityIn', () => {
  const table: Record<string, AlertSeverity> = { critical: 'SEV1', warning: 'SEV3' };

  it('maps the words its table names', () => {
    expect(severityIn(table, 'critical')).toBe('SEV1');
    expect(severityIn(table, 'info')).toBeUndefined();
    expect(severityIn(table, undefined)).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'does not take %s, a name every object has, for a severity',
    (word) => {
      expect(severityIn(table, word)).toBeUndefined();
    },
  );
});
