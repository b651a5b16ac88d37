import {
  BadRequestException,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { FieldProblem } from './error-body';
import { cacheValidationMetadata } from './validation-metadata-cache';

/**
 * The global pipe: unknown fields are rejected rather than dropped, so a client's typo is an error
 * instead of a silently ignored value; no implicit type conversion, so `"1"` is not a number.
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(fieldProblems(errors)),
  });
}

/** The 400 every invalid request body gets, naming each field and what is wrong with it. */
export function validationFailed(details: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: 'Validation failed',
    details,
  });
}

export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    const nested = fieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field, problems: own }, ...nested] : nested;
  });
}

/** A route parameter that must be a uuid; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: 'Validation failed',
          details: [{ field: name, problems: [`${name} must be a UUID`] }],
        }),
    }),
  );
