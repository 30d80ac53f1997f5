import { useTranslation } from 'react-i18next';

/** The locale for dates and numbers that matches the interface language. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en-GB' : 'nb-NO';
}
