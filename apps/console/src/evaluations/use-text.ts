import type { LocalizedText } from '@fc/contracts';
import { useTranslation } from 'react-i18next';

/** A form's text in the console's language (Norwegian unless English is chosen). */
export function useText(): (text: LocalizedText) => string {
  const { i18n } = useTranslation();
  return (text) => (i18n.language === 'en' ? text.en : text.nb);
}

/** A score as the console writes it: one decimal in the reader's locale. */
export const formatScore = (score: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(score);
