import { IMPROVEMENT_ACTION_KINDS, IMPROVEMENT_ACTION_TEXT_MAX, IMPROVEMENT_ACTION_TITLE_MAX } from '@fc/contracts';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Most topics or root causes one action names. */
export const IMPROVEMENT_ACTION_TARGETS_MAX = 20;

/**
 * The checks of the fields an action is created with and changed by, written once for both DTOs
 * (each adds `IsOptional` or not, and its own documentation).
 */
export const ImprovementActionField = {
  title: () =>
    applyDecorators(
      IsString({ message: 'title must be text' }),
      Length(1, IMPROVEMENT_ACTION_TITLE_MAX, { message: `title must be 1-${IMPROVEMENT_ACTION_TITLE_MAX} characters` }),
      Matches(/\S/, { message: 'title must not be blank' }),
    ),
  text: (name: string) =>
    applyDecorators(
      IsString({ message: `${name} must be text` }),
      MaxLength(IMPROVEMENT_ACTION_TEXT_MAX, { message: `${name} must be at most ${IMPROVEMENT_ACTION_TEXT_MAX} characters` }),
      Matches(/\S/, { message: `${name} must not be blank` }),
    ),
  nullableText: (name: string) =>
    applyDecorators(
      ValidateIf((_, value) => value !== null),
      IsString({ message: `${name} must be text or null` }),
      MaxLength(IMPROVEMENT_ACTION_TEXT_MAX, { message: `${name} must be at most ${IMPROVEMENT_ACTION_TEXT_MAX} characters` }),
    ),
  kind: () => IsIn(IMPROVEMENT_ACTION_KINDS, { message: `kind must be one of ${IMPROVEMENT_ACTION_KINDS.join(', ')}` }),
  time: (name: string) => IsISO8601({ strict: true }, { message: `${name} must be an ISO-8601 date-time` }),
  owner: () =>
    applyDecorators(
      ValidateIf((_, value) => value !== null),
      IsUUID('4', { message: 'ownerUserId must be a user id or null' }),
    ),
  keys: (name: string, example: string) =>
    applyDecorators(
      IsArray({ message: `${name} must be a list of keys` }),
      ArrayMaxSize(IMPROVEMENT_ACTION_TARGETS_MAX, { message: `${name} may list at most ${IMPROVEMENT_ACTION_TARGETS_MAX} keys` }),
      ArrayUnique({ message: `${name} must not list a key twice` }),
      Matches(/^[a-z][a-z0-9_]{0,63}$/, { each: true, message: `each of ${name} must be a key such as ${example}` }),
    ),
  flag: (name: string) => IsBoolean({ message: `${name} must be true or false` }),
};
