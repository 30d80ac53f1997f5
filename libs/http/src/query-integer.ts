import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `@Transform` for a whole-number query parameter: plain decimal digits (an optional minus) become
 * a number, anything else (`1e3`, `0x10`, `ten`, an empty value) is left as it came so `@IsInt`
 * refuses it with a 400.
 */
export const queryInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? Number(value) : value);

/** The bounds of an optional whole-number query parameter, and the value its route uses when it is absent (documented only). */
export interface QueryIntegerBounds {
  min: number;
  max: number;
  default: number;
}

/**
 * An optional whole-number query parameter from `min` to `max` (a page's `limit` or `offset`, the
 * replay feed's `limit`): anything else is a 400 saying `<name> must be a whole number`, `… at
 * least <min>` or `… at most <max>`. One shape for every such parameter, each with its own bounds.
 */
export function OptionalQueryInteger(name: string, { min, max, default: fallback }: QueryIntegerBounds): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({ default: fallback, minimum: min, maximum: max }),
    IsOptional(),
    Transform(queryInteger),
    IsInt({ message: `${name} must be a whole number` }),
    Min(min, { message: `${name} must be at least ${min}` }),
    Max(max, { message: `${name} must be at most ${max}` }),
  ];
  // Stacked decorators run bottom-up; applying them in that order keeps the checks (and so the
  // order of a 400's messages) as they were when each DTO spelled them out.
  return applyDecorators(...decorators.reverse());
}
