import { describe, expect, it } from 'vitest';
import { DEMO_DEPARTMENTS } from '../../org/demo.js';
import { validateCatalogue } from '../validate.js';
import { BUSINESS_STARTUP_MATTERS, CONSTRUCTION_CODES, CONSTRUCTION_MATTERS, demoCatalogue } from './index.js';

describe('the demo catalogue', () => {
  it('is consistent and refers only to demo departments', () => {
    const cat = demoCatalogue();
    expect(validateCatalogue(cat).map((i) => `${i.field} ${String(i.value)} ${i.reason.en}`)).toEqual([]);
    const demoCodes = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const d of cat.departments) expect(demoCodes.has(d.code)).toBe(true);
    expect(cat.regionCode).toBe('370883');
  });

  it('holds the seed construction case: nine matters, 20-odd materials, the permit promised in 2 working days', () => {
    expect(CONSTRUCTION_MATTERS).toHaveLength(9);
    const listed = CONSTRUCTION_MATTERS.flatMap((m) => m.materials);
    const distinct = new Set(listed.map((m) => m.canonicalId ?? m.name));
    expect(distinct.size).toBeGreaterThanOrEqual(20);
    expect(listed.length).toBeGreaterThan(distinct.size); // asked again and again
    const permit = CONSTRUCTION_MATTERS.find((m) => m.code === CONSTRUCTION_CODES.permit)!;
    expect(permit.name).toBe('建筑工程施工许可证核发');
    expect(permit.promisedDays).toBe(2);
    expect(Math.max(...CONSTRUCTION_MATTERS.map((m) => m.promisedDays))).toBe(2);
    expect(permit.legalBases.map((b) => b.article)).toEqual(expect.arrayContaining(['第七条', '第八条']));
  });

  it('carries the waste the reform found', () => {
    const steps = CONSTRUCTION_MATTERS.flatMap((m) => m.steps);
    expect(steps.some((s) => s.legalBases.length === 0 && s.kind === 'review')).toBe(true);
    expect(steps.some((s) => s.kind === 'stamp' && s.legalBases.length === 0)).toBe(true);
    const permit = CONSTRUCTION_MATTERS[0];
    const serial = permit.steps.find((s) => s.kind === 'countersign' && s.dependsOn.some((d) => permit.steps.find((x) => x.id === d)?.kind === 'countersign'));
    expect(serial?.needsResultOf).toEqual([]);
    const planning = CONSTRUCTION_MATTERS.flatMap((m) => m.materials).filter((m) => m.canonicalId === 'construction_planning_permit');
    expect(planning.length).toBeGreaterThan(1);
    expect(planning.every((m) => m.source.kind === 'government' && m.source.departmentCode === 'ZRZY')).toBe(true);
    expect(permit.materials.filter((m) => m.canonicalId === 'business_licence')).toHaveLength(2);
    // mutual prerequisite: permit ⇄ quality supervision registration
    const quality = CONSTRUCTION_MATTERS.find((m) => m.code === CONSTRUCTION_CODES.quality)!;
    expect(permit.prerequisites.map((p) => p.matterCode)).toContain(quality.code);
    expect(quality.prerequisites.map((p) => p.matterCode)).toContain(permit.code);
    expect(CONSTRUCTION_MATTERS.some((m) => m.legalBases.length === 0)).toBe(true);
  });

  it('holds business start-up with canonical form fields for one merged form', () => {
    expect(BUSINESS_STARTUP_MATTERS.map((m) => m.name)).toEqual([
      '企业设立登记',
      '公章刻制备案',
      '发票领用',
      '社会保险单位参保登记',
      '住房公积金单位缴存登记',
      '企业银行基本存款账户开立',
    ]);
    for (const m of [...BUSINESS_STARTUP_MATTERS, ...CONSTRUCTION_MATTERS]) {
      expect(m.formFields.length, m.code).toBeGreaterThan(3);
      expect(
        m.formFields.some((f) => f.canonicalKey === 'applicant_name' || f.canonicalKey === 'contractor_name'),
        m.code,
      ).toBe(true);
    }
  });
});
