import { DomainError } from './domain-error.js';

/** A `from`/`to` range that is empty, reversed or too long (400). */
export class DateRangeError extends DomainError {
  readonly kind = 'invalid';
}

/** The longest range a query allows: a number of days, or of calendar years. */
export type RangeLimit = { days: number } | { years: number };

/**
 * The one check of every query's `from` and `to`: `to` after `from` and, given `most`, at most
 * that far after it.
 * @throws DateRangeError
 */
export function checkDateRange(from: Date, to: Date, most?: RangeLimit): void {
  if (!(to.getTime() > from.getTime())) throw new DateRangeError('to must be after from');
  if (!most) return;
  const limit = new Date(from);
  if ('days' in most) limit.setTime(from.getTime() + most.days * 86_400_000);
  else limit.setUTCFullYear(limit.getUTCFullYear() + most.years);
  if (to.getTime() > limit.getTime()) throw new DateRangeError(`the range may be at most ${'days' in most ? `${most.days} days` : `${most.years} years`}`);
}
