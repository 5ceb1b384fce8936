// Texts of the projects and enterprise-service pages in both languages, next to where they are used.
import { useCallback } from 'react';
import { useI18n } from '../../i18n/index.js';

/** `b('中文', 'English')`: the text in the current language; `l(text)` a {zh, en} label. */
export function useBi() {
  const { lang } = useI18n();
  const b = useCallback((zh: string, en: string) => (lang === 'en' ? en : zh), [lang]);
  const l = useCallback((t: { zh: string; en: string }) => (lang === 'en' ? t.en || t.zh : t.zh), [lang]);
  return { b, l, lang };
}

export const LEVELS = {
  county: { zh: '县级重点', en: 'County key' },
  city: { zh: '市级重点', en: 'City key' },
  provincial: { zh: '省级重点', en: 'Provincial key' },
} as const;

export const BLOCKER_LEVEL_TEXT = {
  department: { zh: '责任部门', en: 'Owner department' },
  task_force: { zh: '专班组长', en: 'Task-force lead' },
  coordination: { zh: '县调度会', en: 'Coordination meeting' },
} as const;
