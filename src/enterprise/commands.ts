// What the enterprise-service commands share: the clock they run on, who counts as an office,
// and their refusals (403 for what exists but is not the caller's, 404 for what does not).
import type { WorkCalendar } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage } from '../org/scope.js';
import { EnterpriseError, type Text } from './model.js';
import { countyOf, type Db } from './store.js';

export interface Clocked {
  now: Date;
  /** The calendar to count on; the county's own (loadCalendar) when absent. */
  calendar?: WorkCalendar;
}

export const OFFICES = new Set(['admin', 'reform_office', 'leader']);
export const invalid = (messages: Text, details?: unknown) => new EnterpriseError('invalid', messages, details);
export const forbidden = (messages: Text) => new EnterpriseError('forbidden', messages);
export const notFoundEnterprise = (uscc: string) => new EnterpriseError('not_found', { zh: `未找到企业：${uscc}`, en: `enterprise not found: ${uscc}` });
const notFoundRequest = (id: number) => new EnterpriseError('not_found', { zh: `未找到诉求：${id}`, en: `request not found: ${id}` });
export const outOfScopeEnterprise = (uscc: string) => forbidden(outOfScopeMessage({ zh: '企业', en: 'enterprise' }, uscc));

/** An enterprise the caller cannot see: 403 saying so when it exists, 404 when it does not. */
export async function missingEnterprise(db: Db, uscc: string): Promise<EnterpriseError> {
  const e = await db.selectFrom('enterprises').select('uscc').where('uscc', '=', uscc.toUpperCase()).executeTakeFirst();
  return e ? outOfScopeEnterprise(uscc) : notFoundEnterprise(uscc);
}

/** A request the caller cannot see: 403 saying so when it exists, 404 when it does not. */
export async function missingRequest(db: Db, id: number): Promise<EnterpriseError> {
  const r = await db.selectFrom('enterprise_requests').select('id').where('id', '=', id).executeTakeFirst();
  return r ? forbidden(outOfScopeMessage({ zh: '企业诉求', en: 'enterprise request' }, id)) : notFoundRequest(id);
}

export function requireOffice(actor: Actor, what: Text): void {
  if (actor.role !== 'admin' && actor.role !== 'reform_office') throw forbidden(what);
}

export function countyFor(actor: Actor): string {
  const county = countyOf(actor.regionCode);
  if (county.length < 6) throw forbidden({ zh: '您不属于任何县（市）', en: 'you belong to no county' });
  return county;
}
