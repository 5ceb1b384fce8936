// Form data of a user task, checked against the task's form fields before the task completes.
import { InvalidInputError } from '../errors.js';
import type { FormField } from '../model.js';
import { checkVariables } from './variables.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

export function validateForm(form: FormField[] | undefined, data: Record<string, unknown>): void {
  checkVariables(data);
  if (!form) return;
  const problems: Array<{ field: string; message: string }> = [];
  const known = new Set(form.map((f) => f.id));
  for (const name of Object.keys(data)) if (!known.has(name)) problems.push({ field: name, message: 'not a field of this form' });
  for (const f of form) {
    const v = data[f.id];
    if (v === undefined || v === null || v === '') {
      if (f.required) problems.push({ field: f.id, message: 'required' });
      continue;
    }
    const ok =
      f.type === 'string'
        ? typeof v === 'string'
        : f.type === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : f.type === 'boolean'
            ? typeof v === 'boolean'
            : f.type === 'date'
              ? typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))
              : typeof v === 'string' && (f.values ?? []).includes(v);
    if (!ok) problems.push({ field: f.id, message: f.type === 'enum' ? `must be one of ${(f.values ?? []).join(', ')}` : `must be a ${f.type}` });
  }
  if (problems.length) throw new InvalidInputError(`invalid form data: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
}
