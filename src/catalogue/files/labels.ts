// Where an import problem is, in the reader's language: the sheet and column headings the
// template gives them (部门 / 部门代码), not the keys (departments / code); for JSON and
// YAML paths (matters[0].steps[1].dependsOn) the last property by its column heading. Pure.
import { SHEETS } from './template.js';

type Lang = 'zh-CN' | 'en';
const pickLabel = (l: { zh: string; en: string }, lang: Lang) => (lang === 'en' ? l.en : l.zh);

export function sheetLabel(sheet: string, lang: Lang): string {
  const spec = SHEETS.find((s) => s.name === sheet);
  return spec ? pickLabel(spec.label, lang) : sheet === 'file' ? (lang === 'en' ? 'file' : '文件') : sheet;
}

export function columnLabel(sheet: string, column: string, lang: Lang): string {
  if (!column) return '';
  const spec = SHEETS.find((s) => s.name === sheet);
  const byKey = spec?.columns.find((c) => c.key === column);
  if (byKey) return pickLabel(byKey.label, lang);
  // A property path: name its last property as the template's column for that field does.
  const last = /([A-Za-z_]+)(\[\d+\])?$/.exec(column)?.[1];
  if (!last) return column;
  for (const s of SHEETS) {
    const c = s.columns.find((x) => x.field === last || x.field?.endsWith(`.${last}`) || x.key === last);
    if (c) return lang === 'en' ? column : `${column.replace(/\.?[A-Za-z_]+(\[\d+\])?$/, '')}${column.includes('.') ? ' · ' : ''}${c.label.zh}`.replace(/^ · /, '');
  }
  return column;
}
