// Texts of the organisation pages in both languages, next to where they are used.
import { useCallback } from 'react';
import { useI18n } from '../../i18n/index.js';

/** `b('中文', 'English')`: the text in the current language. */
export function useBi(): (zh: string, en: string) => string {
  const { lang } = useI18n();
  return useCallback((zh: string, en: string) => (lang === 'en' ? en : zh), [lang]);
}
