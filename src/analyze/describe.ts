// How findings name things, in both languages: 「name」(id) and department names.
import type { Material, Matter, Step } from '../catalog/model.js';
import type { CatalogueIndex, Text, TextSource } from './model.js';

export const stepName = (s: Step): Text => ({ zh: `环节「${s.name}」(${s.id})`, en: `step “${s.name}” (${s.id})` });
export const materialName = (m: Material): Text => ({ zh: `材料「${m.name}」(${m.id})`, en: `material “${m.name}” (${m.id})` });
export const matterName = (m: Pick<Matter, 'code' | 'name'>): Text => ({ zh: `事项「${m.name}」(${m.code})`, en: `matter “${m.name}” (${m.code})` });

/**
 * A text built when first read, then kept. To whoever reads it, it is a plain `{ zh, en }`
 * (own enumerable properties: JSON, spreading and deep equality see the strings).
 */
export function lazyText(build: () => Text): Text {
  let text: Text | undefined;
  return {
    get zh() {
      return (text ??= build()).zh;
    },
    get en() {
      return (text ??= build()).en;
    },
  };
}

/** The text itself, or one built on first read from the function. */
export const textOf = (source: TextSource): Text => (typeof source === 'function' ? lazyText(source) : source);

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
