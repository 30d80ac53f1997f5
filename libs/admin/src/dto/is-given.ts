import { ValidateIf } from 'class-validator';

/**
 * An optional field that, when given, must pass its checks: absent (undefined) skips them, null
 * does not. `IsOptional` would let null through too, and a null in a NOT NULL column is a 500.
 */
export const IsGiven = () => ValidateIf((_: object, value: unknown) => value !== undefined);
