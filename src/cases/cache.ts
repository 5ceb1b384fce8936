// What the hot paths read again and again, remembered in this process: the dispatcher's board
// and its lists per scope (50 dispatchers of one county load the same board), and a county's
// configuration per POST (category, settings, responsibility list, time limits, boundary
// boxes, API keys). An entry is dropped
//   - when the cases change (every case command calls casesChanged after its commit) or the
//     configuration does (configChanged), in this process at once;
//   - after its time to live in any case (another server process or the CLI writing to the
//     same database is seen within it);
//   - for the board, when the caller's clock has moved by more than the time to live (tests
//     and demos run on a virtual clock that jumps by days).
// Concurrent readers of a missing entry share one computation.
import { departmentRestriction } from '../org/scope.js';
import type { Actor } from '../org/model.js';

export type CacheKind = 'cases' | 'config';

const generation: Record<CacheKind, number> = { cases: 0, config: 0 };

interface Slot {
  kind: CacheKind;
  generation: number;
  expires: number;
  /** The caller's clock when computed (virtual in tests). */
  at: number;
  value: Promise<unknown>;
}

/** Per database handle, so stores opened side by side (tests) never share an entry. */
const slots = new WeakMap<object, Map<string, Slot>>();
const MAX_ENTRIES = 2_000;

/** After a case command has committed: every board, list and count read before it is stale. */
export function casesChanged(): void {
  generation.cases++;
}

/** After the configuration (categories, responsibility list, limits, settings, boundaries, API keys) has changed. */
export function configChanged(): void {
  generation.config++;
}

export async function memo<T>(db: object, kind: CacheKind, key: string, ttlMs: number, compute: () => Promise<T>, now?: Date): Promise<T> {
  let map = slots.get(db);
  if (!map) slots.set(db, (map = new Map()));
  const wall = Date.now();
  const at = now?.getTime() ?? wall;
  const hit = map.get(key);
  if (hit && hit.kind === kind && hit.generation === generation[kind] && hit.expires > wall && Math.abs(at - hit.at) <= ttlMs) return hit.value as Promise<T>;
  if (map.size >= MAX_ENTRIES) map.clear();
  // The generation is the one seen before reading: a command committing meanwhile bumps it, so
  // what this read returns is never kept past that command.
  const slot: Slot = { kind, generation: generation[kind], expires: wall + ttlMs, at, value: compute() };
  map.set(key, slot);
  slot.value.catch(() => {
    if (map.get(key) === slot) map.delete(key);
  });
  return slot.value as Promise<T>;
}

/** What a cases query is scoped by for this caller (see scoped() in queries.ts): callers with the same scope see the same rows. */
export function scopeKey(actor: Actor, personal: boolean): string {
  const own = actor.role === 'applicant' || personal ? `:u${actor.userId}` : '';
  return `${actor.role}:${actor.regionCode}:${departmentRestriction(actor) ?? ''}${own}`;
}
