import { cacheValidationMetadata, uncacheValidationMetadata } from '@sitrep/platform';
import { validateSync } from 'class-validator';
import { dtos, fixtures, oddities } from '../testing/source-dto-cases';
import { dtoInstance } from './dto-instance';

const asTheSourcesDo = { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true };

function validateBoth(dto: new () => object, plain: Record<string, unknown>) {
  uncacheValidationMetadata();
  const own = dtoInstance(dto, plain);
  const ownErrors = validateSync(own, asTheSourcesDo);
  cacheValidationMetadata();
  const cached = dtoInstance(dto, plain);
  // Twice: the first call fills the cache, the second reads it.
  validateSync(dtoInstance(dto, plain), asTheSourcesDo);
  const cachedErrors = validateSync(cached, asTheSourcesDo);
  return { own, ownErrors, cached, cachedErrors };
}

describe('validation metadata cache, on every source DTO', () => {
  let refused = 0;
  afterAll(() => cacheValidationMetadata());

  it.each(dtos)(
    '%s: the same errors and the same whitelisted instance as class-validator alone',
    (_, dto) => {
      for (const [, body] of fixtures) {
        for (const plain of [body, ...oddities(body)]) {
          const { own, ownErrors, cached, cachedErrors } = validateBoth(dto, plain);
          expect(cachedErrors).toStrictEqual(ownErrors);
          expect(cached).toStrictEqual(own);
          refused += ownErrors.length > 0 ? 1 : 0;
        }
      }
    },
  );

  it('compared refusals too, not only bodies that pass', () => {
    expect(refused).toBeGreaterThan(1000);
  });
});
