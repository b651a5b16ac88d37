import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isPlainObject } from './vendor-json';

/** Labels, annotations and tags: a flat JSON object whose values are all strings. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an object of strings', ...options },
      validator: {
        validate: (value: unknown) =>
          isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string'),
      },
    });
}
