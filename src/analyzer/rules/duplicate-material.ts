// 一套材料、一次提交: the same document (same canonical material, or the same name once
// normalised) asked twice within a matter — the second is removed — or asked again by a
// matter often done together with another: one that waits for the other as a
// prerequisite, or one the region groups with it (a planned bundle). Across matters the fix
// reuses what the applicant already handed in (obtained by sharing, not submitted again).
import type { Material, Matter } from '../../catalogue/model.js';
import { materialName, matterName, matterRef } from '../describe.js';
import { mustSubmit } from '../figures.js';
import type { Rule } from '../model.js';
import { flag, schemaOf } from '../options.js';

export interface Options {
  /** Look across matters linked by a prerequisite. */
  acrossPrerequisites: boolean;
  /** Groups of matter codes done together (e.g. the matters of a planned bundle). */
  groups: string[][];
}

const KEYS = new WeakMap<Material, string>();

/** The key two materials share when they are the same document (kept per material object: materials are values). */
export function materialKey(m: Material): string {
  if (m.canonicalId) return m.canonicalId;
  let key = KEYS.get(m);
  if (key === undefined) KEYS.set(m, (key = nameKey(m)));
  return key;
}

/** Canonical ids are [a-z_]; a name key starts with a character no id has. */
function nameKey(m: Material): string {
  return `#${m.name
    .replace(/[\s（）()【】[\]《》<>“”"'‘’、，,。.:：;；]/g, '')
    .replace(/(复印件|原件|正本|副本)$/u, '')
    .toLowerCase()}`;
}

const rule: Rule<Options, 'within' | 'withinFix' | 'across' | 'acrossFix'> = {
  meta: {
    id: 'duplicate-material',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '同一材料在一个事项内重复要求，或在经常一起办理的事项之间重复提交，应一次提交、共享复用。',
      en: 'The same material asked twice within a matter, or again by a matter often done together with another: submit once and reuse.',
      principle: 'one_set_of_materials',
    },
    fixable: true,
    scope: 'catalogue',
    messages: {
      within: {
        zh: '{{of}}要求的{{material}}与{{earlier}}是同一份材料，重复要求，应删除。',
        en: '{{material}} of {{of}} is the same document as {{earlier}}: remove the duplicate.',
      },
      withinFix: { zh: '删除重复的{{material}}', en: 'Remove the duplicate {{material}}' },
      across: {
        zh: '{{of}}要求的{{material}}，申请人办理{{other}}时已提交（{{twin}}）；应共享复用，不再重复提交。',
        en: '{{material}} of {{of}} was already handed in for {{other}} ({{twin}}); reuse it instead of asking again.',
      },
      acrossFix: { zh: '复用{{other}}已收取的{{material}}', en: 'Reuse {{material}} from {{other}}' },
    },
    schema: schemaOf({
      acrossPrerequisites: flag,
      groups: { type: 'array', maxItems: 10_000, items: { type: 'array', maxItems: 1_000, items: { type: 'string', minLength: 1, maxLength: 100 } } },
    }),
    defaultOptions: { acrossPrerequisites: true, groups: [] },
  },
  create(context) {
    const { index } = context;
    const keysOf = new Map<string, Map<string, Material>>();
    const keys = (matter: Matter) => {
      let map = keysOf.get(matter.code);
      if (!map) {
        map = new Map();
        for (const m of matter.materials) if (!map.has(materialKey(m))) map.set(materialKey(m), m);
        keysOf.set(matter.code, map);
      }
      return map;
    };
    // Within a matter
    const within = (matter: Matter) => {
      const first = new Map<string, Material>();
      const of = matterName(matter);
      for (const material of matter.materials) {
        const key = materialKey(material);
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, material);
          continue;
        }
        const m = materialName(material);
        const e = materialName(earlier);
        context.report({
          location: { matter: matter.code, material: material.id },
          messageId: 'within',
          data: { of, material: m, earlier: e },
          fix: { messageId: 'withinFix', data: { material: m }, operations: [{ op: 'removeMaterial', material: material.id }] },
          details: { otherMatter: matter.code, otherMaterial: earlier.id },
        });
      }
    };
    // Across matters done together: (later, earlier) pairs
    const across = () => {
      const pairs: Array<[Matter, Matter]> = [];
      const seen = new Set<string>();
      const addPair = (later: Matter, earlier: Matter) => {
        const id = `${later.code}\u0000${earlier.code}`;
        if (later === earlier || seen.has(id)) return;
        seen.add(id);
        pairs.push([later, earlier]);
      };
      if (context.options.acrossPrerequisites) {
        for (const matter of context.catalogue.matters) {
          for (const p of matter.prerequisites) {
            const earlier = index.matters.get(p.matterCode);
            if (earlier) addPair(matter, earlier);
          }
        }
      }
      for (const group of context.options.groups) {
        const members = group.map((c) => index.matters.get(c)).filter((m): m is Matter => m !== undefined);
        for (let i = 1; i < members.length; i++) for (let j = 0; j < i; j++) addPair(members[i], members[j]);
      }
      const reported = new Set<string>();
      for (const [later, earlier] of pairs) {
        const earlierKeys = keys(earlier);
        for (const material of later.materials) {
          if (!mustSubmit(material) || material.source.kind === 'government' || material.category === 'application_form') continue;
          const twin = earlierKeys.get(materialKey(material));
          if (!twin || reported.has(`${later.code}\u0000${material.id}`)) continue;
          reported.add(`${later.code}\u0000${material.id}`);
          const m = materialName(material);
          const other = matterRef(index, earlier.code);
          const of = matterName(later);
          context.report({
            location: { matter: later.code, material: material.id },
            messageId: 'across',
            data: { of, material: m, other, twin: twin.name },
            fix: { messageId: 'acrossFix', data: { material: m, other }, operations: [{ op: 'obtainBySharing', material: material.id }] },
            details: { otherMatter: earlier.code, otherMaterial: twin.id },
          });
        }
      }
    };
    return { matter: within, 'catalogue:exit': across };
  },
};

export default rule;
