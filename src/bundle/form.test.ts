// The unified form's JSON Schema is what the one-window intake validates against.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { demoCatalogue, DEMO_SETS } from '../catalogue/demo/index.js';
import { createBundleDraft } from './merge.js';

const draft = createBundleDraft(demoCatalogue(), { name: '企业开办一件事', matterCodes: DEMO_SETS['business-startup'] });

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const k of ['x-unit', 'x-field-type', 'x-matters', 'x-labels']) ajv.addKeyword(k);
  return ajv.compile(draft.form.schema);
}

/** A complete application with a plausible value for every field. */
function application(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of draft.form.fields) {
    out[f.key] =
      f.type === 'uscc'
        ? '91370883MA3C5XY01K'
        : f.type === 'id_number'
          ? '370883199001011234'
          : f.type === 'phone'
            ? '13800000000'
            : f.type === 'date'
              ? '2026-12-01'
              : f.type === 'boolean'
                ? true
                : f.type === 'enum'
                  ? f.options[0]
                  : ['number', 'area', 'money'].includes(f.type)
                    ? 100
                    : '邹城市示例有限公司';
  }
  return out;
}

describe('the unified form as JSON Schema', () => {
  it('is a valid draft 2020-12 schema with zh-CN titles', () => {
    validator();
    const props = draft.form.schema.properties as Record<string, { title: string }>;
    for (const f of draft.form.fields) expect(props[f.key].title).toBe(f.label);
  });

  it('accepts a complete application and names what is missing or malformed', () => {
    const validate = validator();
    expect(validate(application())).toBe(true);
    const bad = { ...application(), uscc: '123' } as Record<string, unknown>;
    delete bad.applicant_name;
    expect(validate(bad)).toBe(false);
    const problems = validate.errors!.map((e) => `${e.keyword}:${e.instancePath || e.params.missingProperty}`);
    expect(problems).toEqual(expect.arrayContaining(['required:applicant_name', 'pattern:/uscc']));
  });
});
