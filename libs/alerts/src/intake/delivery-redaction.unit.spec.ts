import { createHash } from 'node:crypto';
import { storedBodyOf } from './delivery-redaction';

const hash12 = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 12);

describe('the body a delivery is stored with', () => {
  it('is the very same buffer when it holds no credential field', () => {
    const body = Buffer.from('{"summary":"routing_key is fine in text"}');
    expect(storedBodyOf(body)).toBe(body);
  });

  it('replaces each routing_key and service_key value, keeping every other byte', () => {
    const body = Buffer.concat([
      Buffer.from('{"routing_key" : "R0uteKey","x":"\xff\xfe",', 'latin1'),
      Buffer.from('"nested":{"service_key":"S\\u0065rv"}}'),
    ]);
    const stored = storedBodyOf(body);
    expect(stored).toEqual(
      Buffer.concat([
        Buffer.from(`{"routing_key" : "[redacted:sha256:${hash12('R0uteKey')}]",`),
        Buffer.from('"x":"\xff\xfe",', 'latin1'),
        Buffer.from(`"nested":{"service_key":"[redacted:sha256:${hash12('Serv')}]"}}`),
      ]),
    );
  });

  it('leaves a value it cannot read as a string alone', () => {
    const body = Buffer.from('{"routing_key":42}');
    expect(storedBodyOf(body)).toBe(body);
  });
});
