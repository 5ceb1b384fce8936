// The supplement during handling an application is waiting for, read from its row: what the
// handling commands (handling.ts), the department's task (work.ts) and the applicant's side
// (applications.ts) all ask, kept apart so none of them imports another for it.
import { json } from './store.js';

export interface HandlingSupplement {
  taskId: string;
  stepName: string;
  department: string | null;
  items: Array<{ materialCode: string; name: string; reason: string }>;
  round: number;
  since: string;
  askedBy: string;
}

/** The supplement an application is waiting for, if any. */
export const openHandlingSupplement = (row: { status: string; handling_supplement: unknown }): HandlingSupplement | null =>
  row.status === 'accepted' ? json<HandlingSupplement | null>(row.handling_supplement) : null;
