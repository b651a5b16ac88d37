import { DatabaseError } from 'pg';
import { isDatabaseUnavailable } from './database-unavailable';

const serverError = (code: string, severity: string, message = 'from the server') =>
  Object.assign(new DatabaseError(message, 100, 'error'), { code, severity });
const nodeError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('telling an unavailable database from a failed statement', () => {
  it.each([
    ['the server terminated the session (57P01)', serverError('57P01', 'FATAL')],
    ['the server is starting up (57P03)', serverError('57P03', 'FATAL')],
    ['too many connections (53300)', serverError('53300', 'FATAL')],
    ['a connection exception (class 08)', serverError('08006', 'ERROR')],
    ['a database not accepting connections (FATAL 55000)', serverError('55000', 'FATAL')],
    ['refused at the port', nodeError('ECONNREFUSED')],
    ['reset by the network', nodeError('ECONNRESET')],
    ['timed out', nodeError('ETIMEDOUT')],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
    ['a connection that died', new Error('Connection terminated unexpectedly')],
    ['refused on every address', new AggregateError([nodeError('ECONNREFUSED')], 'connect')],
    [
      'wrapped by TypeORM',
      Object.assign(new Error('query failed'), { driverError: nodeError('EPIPE') }),
    ],
    ['wrapped as a cause', new Error('append failed', { cause: serverError('57P02', 'FATAL') })],
  ])('%s is unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', serverError('23505', 'ERROR')],
    ['a serialization failure', serverError('40001', 'ERROR')],
    ['a statement timeout', serverError('57014', 'ERROR')],
    ['a domain error', Object.assign(new Error('resolved'), { code: 'INCIDENT.ALREADY_RESOLVED' })],
    ['a bug', new TypeError('x is undefined')],
    ['nothing at all', undefined],
  ])('%s is not', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
