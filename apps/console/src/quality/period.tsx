import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A period as the date inputs hold it: local calendar days, both inclusive (`yyyy-mm-dd`). */
export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `date` as `yyyy-mm-dd`. */
export const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The last `days` days up to and including today. */
export function lastDays(days: number, today = new Date()): Period {
  const start = new Date(today);
  start.setDate(start.getDate() - (days - 1));
  return { from: localDay(start), to: localDay(today) };
}

/**
 * The instants the api wants: from the start of the first day to the start of the day after the
 * last, in the browser's time zone (DST-safe: the day after is counted on the calendar, not in hours).
 * Null when a day is missing or the period runs backwards.
 */
export function periodRange(period: Period): { from: string; to: string } | null {
  if (!DAY.test(period.from) || !DAY.test(period.to) || period.to < period.from) return null;
  const from = new Date(`${period.from}T00:00:00`);
  const end = new Date(`${period.to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  return { from: from.toISOString(), to: end.toISOString() };
}

/** Two date inputs and a few quick choices; says so when the period runs backwards. */
export function PeriodFields({ value, onChange, fromLabel, toLabel }: { value: Period; onChange: (next: Period) => void; fromLabel?: string; toLabel?: string }) {
  const { t } = useTranslation('quality');
  const id = useId();
  const invalid = DAY.test(value.from) && DAY.test(value.to) && value.to < value.from;
  return (
    <fieldset className="period">
      <legend>{t('period.legend')}</legend>
      <div className="row">
        <div>
          <label htmlFor={`${id}-from`}>{fromLabel ?? t('period.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={value.from}
            max={value.to || undefined}
            onChange={(e) => onChange({ ...value, from: e.target.value })}
            aria-invalid={invalid || undefined}
            aria-describedby={`${id}-problem`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{toLabel ?? t('period.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={value.to}
            min={value.from || undefined}
            onChange={(e) => onChange({ ...value, to: e.target.value })}
            aria-invalid={invalid || undefined}
            aria-describedby={`${id}-problem`}
          />
        </div>
        <div role="group" aria-label={t('period.presets')} className="presets">
          <button type="button" className="small" onClick={() => onChange(lastDays(1))}>
            {t('period.today')}
          </button>
          <button type="button" className="small" onClick={() => onChange(lastDays(7))}>
            {t('period.last7')}
          </button>
          <button type="button" className="small" onClick={() => onChange(lastDays(30))}>
            {t('period.last30')}
          </button>
        </div>
      </div>
      <p id={`${id}-problem`} role="alert" className="form-error">
        {invalid ? t('period.invalid') : ''}
      </p>
    </fieldset>
  );
}
