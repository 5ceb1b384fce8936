// Sample values that pass a service's form schema: for demo data, tests and the benchmark.
// Pure.
import { creditCodeCheck } from './identity.js';
import type { FormSchema } from './form.js';

/** A valid unified social credit code built from a 17-character stem. */
export const sampleCreditCode = (stem = '91370883MA3C5XY01'): string => stem + creditCodeCheck(stem);

/** A form filling every field of `schema` with a value of its type and format. */
export function sampleForm(schema: FormSchema, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(schema.properties ?? {})) {
    if (p.enum?.length) out[key] = p.enum[0];
    else if (p.type === 'number') out[key] = 10;
    else if (p.type === 'boolean') out[key] = true;
    else if (p.format === 'date') out[key] = '2026-04-01';
    else if (p['x-field-type'] === 'uscc') out[key] = sampleCreditCode();
    else if (p['x-field-type'] === 'phone') out[key] = '13800138000';
    else if (p['x-field-type'] === 'id_number') out[key] = '11010519491231002X';
    else out[key] = `${p.title ?? key}（示例）`;
  }
  return { ...out, ...overrides };
}
