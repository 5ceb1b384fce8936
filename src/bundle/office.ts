// The reform office's decisions inside a bundle: vetoing a fix or replacement the draft relies
// on (and lifting the veto), and deciding a conflicting form field. Each makes a new draft
// version computed with the decision, in one transaction with its audit row; bad input changes
// nothing.
import type { Kysely } from 'kysely';
import type { Actor } from '../org/model.js';
import type { Database } from '../store/schema.js';
import { FIELD_TYPES } from '../catalogue/model.js';
import type { FieldDecision } from './model.js';
import { assertWriter, BundleStoreError, getBundle, reviseBundle, type StoredBundle } from './store.js';

type Db = Kysely<Database>;

const MAX_REASON = 500;

/** Vetoes a fix or replacement of the latest version: a new version computed without it. */
export async function vetoReliance(db: Db, actor: Actor, id: number, input: { key: string; reason: string }, now = new Date()): Promise<StoredBundle> {
  assertWriter(actor);
  const reason = (input.reason ?? '').trim();
  if (!reason) throw new BundleStoreError('invalid', { zh: '否决须写明理由', en: 'a veto needs a reason' });
  if (reason.length > MAX_REASON) throw new BundleStoreError('invalid', { zh: `理由不能超过 ${MAX_REASON} 字`, en: `the reason may have at most ${MAX_REASON} characters` });
  const current = await getBundle(db, actor, id);
  const reliance = (current.draft.reliances ?? []).find((r) => r.key === input.key);
  if (!reliance)
    throw new BundleStoreError('not_found', { zh: `第 ${current.version} 版不依赖「${input.key}」，无从否决`, en: `version ${current.version} does not rely on “${input.key}”` });
  if (current.vetoes.some((v) => v.key === input.key))
    throw new BundleStoreError('conflict', { zh: `「${reliance.description.zh}」已被否决`, en: `“${reliance.description.en}” is vetoed already` });
  const veto = { key: input.key, reason, by: actor.username, byName: actor.displayName, at: now.toISOString() };
  return reviseBundle(
    db,
    actor,
    id,
    { note: `否决：${reliance.description.zh}（${reason}）` },
    { vetoes: (c) => [...c.vetoes, veto], audit: { action: 'bundle.veto', detail: { veto, reliance } } },
  );
}

/** Lifts a veto: a new version that relies on the fix or replacement again. */
export async function liftVeto(db: Db, actor: Actor, id: number, key: string): Promise<StoredBundle> {
  assertWriter(actor);
  const current = await getBundle(db, actor, id);
  const veto = current.vetoes.find((v) => v.key === key);
  if (!veto) throw new BundleStoreError('not_found', { zh: `第 ${current.version} 版没有对「${key}」的否决`, en: `version ${current.version} has no veto on “${key}”` });
  return reviseBundle(
    db,
    actor,
    id,
    { note: `撤销否决：${key}` },
    { vetoes: (c) => c.vetoes.filter((v) => v.key !== key), audit: { action: 'bundle.veto.lift', detail: { lifted: veto } } },
  );
}

/** Decides a conflicting form field (工程总投资: 元 or 万元): a new version with the decision applied. */
export async function decideField(db: Db, actor: Actor, id: number, fieldKey: string, decision: FieldDecision): Promise<StoredBundle> {
  assertWriter(actor);
  const current = await getBundle(db, actor, id);
  const conflict = current.draft.form.conflicts.find((c) => c.canonicalKey === fieldKey);
  if (!conflict)
    throw new BundleStoreError('not_found', {
      zh: `第 ${current.version} 版的表单中字段「${fieldKey}」没有冲突`,
      en: `field “${fieldKey}” has no conflict in version ${current.version}`,
    });
  if (decision.type !== undefined && !(FIELD_TYPES as readonly string[]).includes(decision.type)) {
    throw new BundleStoreError('invalid', { zh: `未知的字段类型：${decision.type}`, en: `unknown field type: ${decision.type}` });
  }
  if (decision.type === undefined && decision.unit === undefined && decision.options === undefined) {
    throw new BundleStoreError('invalid', {
      zh: `请为字段「${conflict.definitions[0]?.label ?? fieldKey}」选定类型、单位或选项`,
      en: `choose a type, unit or options for field “${fieldKey}”`,
    });
  }
  const label = conflict.definitions[0]?.label ?? fieldKey;
  return reviseBundle(
    db,
    actor,
    id,
    {
      decisions: { ...current.decisions, [fieldKey]: decision },
      note: `决定表单字段「${label}」：${[decision.type, decision.unit, decision.options?.join('/')].filter(Boolean).join('，')}`,
    },
    { audit: { action: 'bundle.field.decide', detail: { field: fieldKey, decision } } },
  );
}
