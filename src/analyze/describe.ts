// How findings name things, in both languages: 「name」(id) and department names.
import type { Material, Matter, Step } from '../catalog/model.js';
import type { CatalogueIndex, Text } from './model.js';

export const stepName = (s: Step): Text => ({ zh: `环节「${s.name}」(${s.id})`, en: `step “${s.name}” (${s.id})` });
export const materialName = (m: Material): Text => ({ zh: `材料「${m.name}」(${m.id})`, en: `material “${m.name}” (${m.id})` });
export const matterName = (m: Pick<Matter, 'code' | 'name'>): Text => ({ zh: `事项「${m.name}」(${m.code})`, en: `matter “${m.name}” (${m.code})` });

export function matterRef(index: CatalogueIndex, code: string): Text {
  const name = index.matterName(code);
  return name === code ? { zh: `事项 ${code}`, en: `matter ${code}` } : { zh: `事项「${name}」(${code})`, en: `matter “${name}” (${code})` };
}

export function departmentRef(index: CatalogueIndex, code: string): Text {
  const name = index.departmentName(code);
  return name === code ? { zh: code, en: code } : { zh: name, en: `${name} (${code})` };
}

/** Joins a list in both languages: 、 in Chinese, ", " in English. */
export function joinText(items: readonly Text[], zhSep = '、', enSep = ', '): Text {
  return { zh: items.map((t) => t.zh).join(zhSep), en: items.map((t) => t.en).join(enSep) };
}

export const days = (n: number): Text => ({ zh: `${n} 个工作日`, en: `${n} working day${n === 1 ? '' : 's'}` });
