import { describe, expect, it } from 'vitest';
import { figuresSet, matterFigures } from './figures.js';
import { chain, material, matter, step } from './fixtures.js';

const a = matter({
  code: 'A',
  departmentCode: 'D1',
  promisedDays: 5,
  visits: 2,
  materials: [
    material({ id: 'M1' }),
    material({ id: 'M2', source: { kind: 'government', dataSharing: true } }),
    material({ id: 'M3', commitmentAllowed: true }),
    material({ id: 'M4', source: { kind: 'government' } }),
  ],
  steps: [
    ...chain(
      { id: 'S1', kind: 'intake' },
      { id: 'S2', kind: 'countersign', departmentCode: 'D2', workdays: 2 },
      { id: 'S3', kind: 'countersign', departmentCode: 'D3', workdays: 1 },
    ),
    step({ id: 'S4', kind: 'decision', stamps: ['行政审批专用章', '骑缝章'], dependsOn: ['S3'] }),
  ],
});
const b = matter({ code: 'B', departmentCode: 'D2', promisedDays: 1, materials: [material({ id: 'M1' })] });

describe('figures', () => {
  it('per matter: materials and those to submit, steps, departments, stamps, countersigns, visits, days', () => {
    expect(matterFigures(a)).toEqual({ materials: 4, materialsToSubmit: 2, steps: 4, departments: 3, stamps: 2, countersigns: 2, visits: 2, promisedDays: 5, criticalPathDays: 3 });
  });
  it('per department and for the catalogue: counts add up, departments are counted once', () => {
    const set = figuresSet([a, b]);
    expect(set.matters.B).toEqual(matterFigures(b));
    expect(set.departments.D1).toMatchObject({ matters: 1, materials: 4, departments: 3 });
    expect(set.departments.D2).toMatchObject({ matters: 1, materials: 1, departments: 2, promisedDays: 1 }); // its steps are D1's
    expect(set.catalogue).toEqual({
      matters: 2,
      materials: 5,
      materialsToSubmit: 3,
      steps: 6,
      departments: 3,
      stamps: 2,
      countersigns: 2,
      visits: 3,
      promisedDays: 6,
      criticalPathDays: 3,
    });
  });
});
