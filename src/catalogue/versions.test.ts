import { describe, expect, it } from 'vitest';
import { basis, material, matter, step } from './build.js';
import { diffMatters } from './versions.js';
import { criticalPathDays } from './critical-path.js';
import { matterFigures } from './figures.js';

const asIs = matter({
  code: 'T-1',
  name: '测试事项',
  kind: 'licensing',
  departmentCode: 'XZSP',
  promisedDays: 5,
  visits: 2,
  materials: [
    material({ id: 'M1', name: '申请表', canonicalId: 'application_form' }),
    material({ id: 'M2', name: '规划许可证', canonicalId: 'construction_planning_permit', source: { kind: 'government', departmentCode: 'ZRZY' } }),
    material({ id: 'M3', name: '资金证明', canonicalId: 'funding_proof' }),
  ],
  steps: [
    step({ id: 'S1', name: '受理', kind: 'intake', departmentCode: 'XZSP' }),
    step({ id: 'S2', name: '审查', kind: 'review', departmentCode: 'XZSP', workdays: 1, dependsOn: ['S1'] }),
    step({ id: 'S3', name: '会签甲', kind: 'countersign', departmentCode: 'ZJJ', workdays: 2, dependsOn: ['S2'] }),
    step({ id: 'S4', name: '会签乙', kind: 'countersign', departmentCode: 'ZRZY', workdays: 1, dependsOn: ['S3'], needsResultOf: [] }),
    step({ id: 'S5', name: '盖章', kind: 'stamp', departmentCode: 'XZSP', stamps: ['行政审批专用章', '骑缝章'], dependsOn: ['S4'] }),
  ],
});

describe('figures of a matter version', () => {
  it('counts materials, steps, departments, stamps, countersigns and the critical path', () => {
    expect(matterFigures(asIs)).toEqual({
      materials: 3,
      materialsToSubmit: 3,
      steps: 5,
      departments: 3,
      stamps: 2,
      countersigns: 2,
      visits: 2,
      promisedDays: 5,
      criticalPathDays: 4,
    });
  });

  it('does not count shared or commitment-replaced materials as to submit', () => {
    const toBe = structuredClone(asIs);
    toBe.materials[1].source.dataSharing = true;
    toBe.materials[2].commitmentAllowed = true;
    expect(matterFigures(toBe).materialsToSubmit).toBe(1);
  });

  it('takes the longest path when countersigns run in parallel', () => {
    const steps = structuredClone(asIs.steps);
    steps[3].dependsOn = ['S2'];
    steps[4].dependsOn = ['S3', 'S4'];
    expect(criticalPathDays(steps)).toBe(3);
  });
});

describe('comparing versions side by side', () => {
  it('reports identical versions as identical', () => {
    const d = diffMatters(asIs, structuredClone(asIs));
    expect(d.identical).toBe(true);
    expect(d.steps.every((r) => r.status === 'unchanged')).toBe(true);
  });

  it('aligns added, removed and changed items and scalar changes', () => {
    const toBe = structuredClone(asIs);
    toBe.promisedDays = 0;
    toBe.steps = toBe.steps.filter((s) => s.id !== 'S5');
    toBe.steps[3].dependsOn = ['S2'];
    toBe.materials.push(material({ id: 'M4', name: '告知承诺书', canonicalId: 'commitment_letter' }));
    toBe.legalBases.push(basis('《中华人民共和国行政许可法》', '第三十二条'));
    const d = diffMatters(asIs, toBe);
    expect(d.identical).toBe(false);
    expect(d.fields).toEqual([{ field: 'promisedDays', before: 5, after: 0 }]);
    expect(d.steps.find((r) => r.key === 'S5')?.status).toBe('removed');
    const s4 = d.steps.find((r) => r.key === 'S4')!;
    expect(s4.status).toBe('changed');
    expect(s4.changedFields).toEqual(['dependsOn']);
    expect(d.materials.find((r) => r.key === 'M4')).toMatchObject({ status: 'added', before: null });
    expect(d.legalBases).toHaveLength(1);
    expect(d.figures.before.stamps).toBe(2);
    expect(d.figures.after.stamps).toBe(0);
  });
});
