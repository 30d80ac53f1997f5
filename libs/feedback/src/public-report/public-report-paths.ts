import type { PageLanguage } from '../page/page-texts.js';

/** Where a topic's public page is, in the page's language. */
export const publicReportPath = (topicKey: string, lang: PageLanguage): string => `/what-came-of-it/${encodeURIComponent(topicKey)}${lang === 'en' ? '?lang=en' : ''}`;
