import { getMetadataStorage, IsInt, IsString, Min, validateSync } from 'class-validator';
import { cacheValidationMetadata, uncacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: unknown;
}

class Child extends Base {
  @IsInt()
  count!: unknown;
}

const problems = (object: object) =>
  validateSync(object, { whitelist: true, forbidUnknownValues: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

const child = (values: Record<string, unknown>) => Object.assign(new Child(), values);

describe('cacheValidationMetadata', () => {
  beforeEach(() => cacheValidationMetadata());
  afterAll(() => cacheValidationMetadata());

  it('validates inherited and own properties as class-validator does', () => {
    expect(problems(child({ name: 'a', count: 1 }))).toEqual([]);
    expect(problems(child({ name: 1, count: 'x' }))).toEqual([
      'count must be an integer number',
      'name must be a string',
    ]);
    const stripped = child({ name: 'a', count: 1, extra: true });
    expect(problems(stripped)).toEqual([]);
    expect(stripped).not.toHaveProperty('extra');
  });

  it('looks a class up once, and again after a decorator registers more metadata', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(problems(child({ name: 'a', count: 1 }))).toEqual([]);

    // A decorator applied later (as by a class loaded later) is seen by the next validation.
    Min(10)(Child.prototype, 'count');
    const again = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(again).not.toBe(first);
    expect(again).toHaveLength(first.length + 1);
    expect(problems(child({ name: 'a', count: 1 }))).toEqual(['count must not be less than 10']);
  });

  it('remembers per schema name, as class-validator names the parent for nested objects', () => {
    const storage = getMetadataStorage();
    const alone = storage.getTargetValidationMetadatas(Child, undefined!, false, false);
    const nested = storage.getTargetValidationMetadatas(Child, 'Parent', false, false);
    expect(nested).not.toBe(alone);
    expect(nested).toEqual(alone);
    expect(storage.getTargetValidationMetadatas(Child, 'Parent', false, false)).toBe(nested);
    // `always` is part of the key too.
    expect(storage.getTargetValidationMetadatas(Child, 'Parent', true, false)).not.toBe(nested);
  });

  it('groups a remembered lookup once, and any other array as class-validator does', () => {
    const storage = getMetadataStorage();
    const metadatas = storage.getTargetValidationMetadatas(Child, undefined!, false, false);
    const grouped = storage.groupByPropertyName(metadatas);
    expect(Object.keys(grouped).sort()).toEqual(['count', 'name']);
    expect(storage.groupByPropertyName(metadatas)).toBe(grouped);
    const copy = [...metadatas];
    expect(storage.groupByPropertyName(copy)).not.toBe(grouped);
    expect(storage.groupByPropertyName(copy)).toEqual(grouped);
  });

  it('leaves calls with groups to class-validator, and can be undone', () => {
    const storage = getMetadataStorage();
    const withGroups = () => storage.getTargetValidationMetadatas(Child, '', false, false, ['g']);
    expect(withGroups()).not.toBe(withGroups());
    uncacheValidationMetadata();
    const own = () => storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(own()).not.toBe(own());
  });
});
