import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as common from './common-messages';

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'fc.language';

const initial = (): Language => {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'nb' ? saved : 'nb';
};

/** Norwegian bokmål by default, English on request; the choice is remembered in this browser. */
export async function setUpI18n(namespaces: Record<string, { nb: object; en: object }>): Promise<void> {
  const all = { common, ...namespaces };
  const resources = Object.fromEntries(LANGUAGES.map((lng) => [lng, Object.fromEntries(Object.entries(all).map(([ns, messages]) => [ns, messages[lng]]))]));
  await i18next.use(initReactI18next).init({
    resources,
    lng: initial(),
    fallbackLng: 'nb',
    defaultNS: 'common',
    ns: Object.keys(all),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    localStorage.setItem(STORAGE_KEY, language);
  });
}
