import { plainToInstance } from 'class-transformer';
import * as alertmanager from '../alertmanager/alertmanager.payload';
import { dtos, fixtures, oddities } from '../testing/source-dto-cases';
import { dtoInstance } from './dto-instance';

describe('dtoInstance', () => {
  it('covers every DTO of the sources', () => {
    expect(dtos.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  it.each(dtos)(
    '%s: builds what plainToInstance builds, from every fixture and oddity',
    (_, dto) => {
      for (const [, body] of fixtures) {
        for (const plain of [body, ...oddities(body)]) {
          const ours = dtoInstance(dto, plain);
          expect(ours).toStrictEqual(plainToInstance(dto, plain));
          expect(ours).toBeInstanceOf(dto);
          expect(Object.getPrototypeOf(ours)).toBe(dto.prototype);
        }
      }
    },
  );

  it('nests DTOs declared with @Type, arrays of them included', () => {
    const [, body] = fixtures.find(([name]) => name === 'alertmanager/firing.json')!;
    const payload = dtoInstance(alertmanager.AlertmanagerPayload, body);
    expect(payload.alerts.length).toBeGreaterThan(0);
    for (const alert of payload.alerts)
      expect(alert).toBeInstanceOf(alertmanager.AlertmanagerAlert);
    // What is not a DTO is the body's own value, not a copy.
    expect(payload.alerts[0].labels).toBe((body.alerts as { labels: unknown }[])[0].labels);
  });

  it('leaves a body key "__proto__" an ordinary property, never the prototype', () => {
    const plain = JSON.parse('{"__proto__": {"version": "4"}}') as Record<string, unknown>;
    const payload = dtoInstance(alertmanager.AlertmanagerPayload, plain);
    expect(Object.getPrototypeOf(payload)).toBe(alertmanager.AlertmanagerPayload.prototype);
    expect(payload.version).toBeUndefined();
  });
});
