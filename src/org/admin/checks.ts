// What every administration command checks: names' length and the caller's region.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../model.js';
import { regionVisible } from '../scope.js';
import { OrgError } from '../store.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Db;

export const NAME_MAX = 60;
export const MIN_PASSWORD = 8;

export const within = (actor: Actor, code: string) => regionVisible(actor, code);
export const outOfScope = (code: string) => new OrgError('out_of_scope', `region ${code} is outside your region`, `区划 ${code} 不在您管理的范围内`);

export function checkName(name: string, what: { zh: string; en: string }): string {
  const n = name.trim();
  if (n.length === 0 || n.length > NAME_MAX) throw new OrgError('invalid_region', `${what.en} must have 1–${NAME_MAX} characters`, `${what.zh}须为 1–${NAME_MAX} 个字符`);
  return n;
}
