import type { MeanView, RatioView } from '@fc/contracts';
import { clock } from '../shared/use-now';

/** A share as a percentage with one decimal in the locale's way, or a dash when there is nothing to count. */
export function percent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export const ratio = (figure: RatioView | null, locale: string) => percent(figure?.value ?? null, locale);

/** A mean of seconds as m:ss, or a dash. */
export const meanClock = (figure: MeanView) => (figure.value === null ? '–' : clock(figure.value));

/** A whole number in the locale's way. */
export const whole = (value: number, locale: string) => new Intl.NumberFormat(locale).format(value);

/** Date and time, short. */
export const dateTime = (iso: string, locale: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

/** Time of day with seconds: journeys are measured in seconds. */
export const timeOfDay = (iso: string, locale: string) => new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
