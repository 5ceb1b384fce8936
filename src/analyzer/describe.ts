// How findings name things, in both languages: 「name」(id) and department names.
import type { Material, Matter, Step } from '../catalogue/model.js';
import type { CatalogueIndex, Text } from './model.js';

// Names are asked for once per finding and there are tens of thousands of findings: each
// object's name is built once (objects of the catalogue are values, never changed in place).
const names = new WeakMap<object, Text>();
function named<T extends object>(o: T, make: (o: T) => Text): Text {
  let t = names.get(o);
  if (!t) names.set(o, (t = make(o)));
  return t;
}

export const stepName = (s: Step): Text => named(s, (x) => ({ zh: `环节「${x.name}」(${x.id})`, en: `step “${x.name}” (${x.id})` }));
export const materialName = (m: Material): Text => named(m, (x) => ({ zh: `材料「${x.name}」(${x.id})`, en: `material “${x.name}” (${x.id})` }));
export const matterName = (m: Pick<Matter, 'code' | 'name'>): Text => named(m, (x) => ({ zh: `事项「${x.name}」(${x.code})`, en: `matter “${x.name}” (${x.code})` }));

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
