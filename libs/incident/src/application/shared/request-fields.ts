import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

/** Leading and trailing blanks are not part of what someone typed. */
export const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** Free text of `min..max` characters after trimming (the domain counts the same way). */
export const Text = (max: number, example?: string, description?: string) =>
  applyDecorators(
    ApiProperty({ example, description, minLength: 1, maxLength: max }),
    trim,
    IsString(),
    Length(1, max),
  );

export const OptionalText = (max: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, maxLength: max }),
    IsOptional(),
    IsString(),
    Length(1, max),
  );

/** A time with a zone; the domain normalises it to UTC. */
export const Time = (description: string, optional = false) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ description, format: 'date-time' })
      : ApiProperty({ description, format: 'date-time' }),
    ...(optional ? [IsOptional()] : []),
    IsISO8601({ strict: true }),
  );
