// The pure parts of cases: the lifecycle, the responsibility list, time limits on the
// calendar, the 三率 and the ranking, locations and photos.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.js';
import { checkAttributes } from './attributes.js';
import { distanceMetres, inGeometry, locate, type Geometry } from './geo.js';
import { newCaseState, overdue, transition } from './lifecycle.js';
import { dueFrom, findLimit, type TimeLimit } from './limits.js';
import { monthRange, rank, unitFigures, type UnitCounts } from './metrics.js';
import { CaseError, type CaseState, type CaseUnit } from './model.js';
import { decodePhotos, sniffImage } from './photos.js';
import { findResponsibility, tierRegion } from './responsibility.js';

const village: CaseUnit = { tier: 'village', regionCode: '370883001201', departmentId: null, name: '前进社区' };
const township: CaseUnit = { tier: 'township', regionCode: '370883001', departmentId: null, name: '钢山街道' };
const dept: CaseUnit = { tier: 'department', regionCode: '370883', departmentId: 2, name: '住建局' };
const t0 = new Date('2026-03-02T09:00:00+08:00');
const due = { responseDue: new Date('2026-03-02T11:00:00+08:00'), handleDue: new Date('2026-03-05T09:00:00+08:00') };
const ctx = { now: t0, bounceThreshold: 2 };

function run(state: CaseState, ...actions: Parameters<typeof transition>[1][]): CaseState {
  return actions.reduce((s, a) => transition(s, a, ctx), state);
}

describe('the lifecycle', () => {
  it('walks 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价', () => {
    let s = newCaseState();
    expect(s.status).toBe('accepted');
    s = run(s, { type: 'assign', unit: village, due });
    expect(s).toMatchObject({ status: 'assigned', transfers: 0, unit: village });
    s = transition(s, { type: 'respond' }, { ...ctx, now: new Date('2026-03-02T10:00:00+08:00') });
    expect(s).toMatchObject({ status: 'handling', respondedLate: false });
    s = run(s, { type: 'handle', feedback: '已处理' }, { type: 'check', passed: true, note: '' }, { type: 'close', note: '' }, { type: 'evaluate', satisfaction: 4, comment: '' });
    expect(s).toMatchObject({ status: 'evaluated', satisfaction: 4, handledLate: false, statusNotes: '已处理' });
  });

  it('marks a late response and a late handling', () => {
    let s = run(newCaseState(), { type: 'assign', unit: village, due });
    s = transition(s, { type: 'respond' }, { ...ctx, now: new Date('2026-03-02T11:00:01+08:00') });
    expect(s.respondedLate).toBe(true);
    s = transition(s, { type: 'handle', feedback: 'x' }, { ...ctx, now: new Date('2026-03-05T09:00:01+08:00') });
    expect(s.handledLate).toBe(true);
  });

  it('reopens on a failed check, on a new handling limit', () => {
    const later = { responseDue: due.responseDue, handleDue: new Date('2026-03-10T09:00:00+08:00') };
    const s = run(
      newCaseState(),
      { type: 'assign', unit: village, due },
      { type: 'respond' },
      { type: 'handle', feedback: 'x' },
      { type: 'check', passed: false, note: '未解决', due: later },
    );
    expect(s).toMatchObject({ status: 'handling', reopened: 1, handleDue: later.handleDue, handledAt: null, statusNotes: '未解决' });
  });

  it('refuses a close without a check, and steps out of order', () => {
    const checking = run(newCaseState(), { type: 'assign', unit: village, due }, { type: 'respond' }, { type: 'handle', feedback: 'x' });
    expect(() => transition(checking, { type: 'close', note: '' }, ctx)).toThrow(expect.objectContaining({ code: 'check_required' }));
    expect(() => transition(newCaseState(), { type: 'respond' }, ctx)).toThrow(CaseError);
    expect(() => transition(checking, { type: 'evaluate', satisfaction: 5, comment: '' }, ctx)).toThrow(/not possible now/);
  });

  it('escalates one tier at a time: village → township → department', () => {
    const s = run(newCaseState(), { type: 'assign', unit: village, due });
    expect(() => transition(s, { type: 'escalate', unit: dept, due, reason: 'x', automatic: false }, ctx)).toThrow(/escalates to the township/);
    const up = transition(s, { type: 'escalate', unit: township, due, reason: 'x', automatic: false }, ctx);
    expect(up).toMatchObject({ unit: township, escalations: 1, transfers: 0, status: 'assigned' });
    expect(transition(up, { type: 'escalate', unit: dept, due, reason: 'x', automatic: true }, ctx).unit).toEqual(dept);
  });

  it('counts moves between units and flags more than the threshold as bounced', () => {
    let s = run(newCaseState(), { type: 'assign', unit: dept, due }); // first dispatch: not a move
    s = run(s, { type: 'return', reason: '非本部门' }, { type: 'assign', unit: township, due });
    expect(s).toMatchObject({ transfers: 2, bounced: false });
    s = run(s, { type: 'return', reason: '非本级' });
    expect(s).toMatchObject({ transfers: 3, bounced: true, status: 'accepted', unit: null });
    expect(() => run(run(newCaseState(), { type: 'assign', unit: dept, due }), { type: 'assign', unit: dept, due })).toThrow(/already with that unit/);
  });

  it('tells which deadline has passed', () => {
    const s = run(newCaseState(), { type: 'assign', unit: village, due });
    expect(overdue(s, new Date('2026-03-02T10:59:00+08:00'))).toBeNull();
    expect(overdue(s, new Date('2026-03-02T11:01:00+08:00'))).toBe('response');
    const handling = run(s, { type: 'respond' });
    expect(overdue(handling, new Date('2026-03-05T09:01:00+08:00'))).toBe('handling');
  });
});

describe('the responsibility list and time limits', () => {
  const rows = [
    { regionCode: '370883', categoryCode: '*', tier: 'village' as const, departmentId: null },
    { regionCode: '370883', categoryCode: 'STREETLIGHT', tier: 'department' as const, departmentId: 7 },
    { regionCode: '370883101', categoryCode: '*', tier: 'township' as const, departmentId: null },
  ];
  it('picks a named category before *, then the most local region', () => {
    expect(findResponsibility(rows, 'STREETLIGHT', '370883101201')).toMatchObject({ tier: 'department', departmentId: 7 });
    expect(findResponsibility(rows, 'ENV', '370883101201')).toMatchObject({ tier: 'township' });
    expect(findResponsibility(rows, 'ENV', '370883001201')).toMatchObject({ tier: 'village' });
    expect(findResponsibility(rows, 'ENV', '370882001201')).toBeNull();
  });
  it('finds the village and township of a region code, a grid below a village included', () => {
    expect(tierRegion('370883001201005', 'village')).toBe('370883001201');
    expect(tierRegion('370883001201', 'township')).toBe('370883001');
    expect(tierRegion('370883', 'village')).toBeNull();
  });

  const limits: TimeLimit[] = [
    { regionCode: '370883', categoryCode: '*', tier: 'village', responseHours: 2, handleWorkdays: 3 },
    { regionCode: '370883', categoryCode: 'ROAD', tier: 'village', responseHours: 1, handleWorkdays: 2 },
  ];
  it('counts response in business hours and handling in working days, across a holiday', () => {
    const cal = createCalendar();
    expect(findLimit(limits, 'ROAD', 'village', '370883001201')).toEqual({ responseHours: 1, handleWorkdays: 2 });
    expect(findLimit(limits, 'ENV', 'township', '370883001201')).toEqual({ responseHours: 2, handleWorkdays: 5 }); // fallback
    // 2025-09-30 11:00: two business hours reach past lunch (12:00–13:30) to 14:30; three
    // working days skip the National Day holiday to 2025-10-11 (the make-up Saturday).
    const d = dueFrom(cal, new Date('2025-09-30T11:00:00+08:00'), { responseHours: 2, handleWorkdays: 3 });
    expect(d.responseDue.toISOString()).toBe(new Date('2025-09-30T14:30:00+08:00').toISOString());
    expect(d.handleDue.toISOString()).toBe(new Date('2025-10-11T11:00:00+08:00').toISOString());
    const urgent = dueFrom(cal, new Date('2025-09-30T11:00:00+08:00'), { responseHours: 2, handleWorkdays: 3 }, true);
    expect(urgent.responseDue.toISOString()).toBe(new Date('2025-09-30T12:00:00+08:00').toISOString());
  });
});

describe('三率 and the ranking', () => {
  const base: UnitCounts = {
    tier: 'township',
    key: 'a',
    name: 'A',
    assigned: 10,
    respondedInTime: 9,
    resolved: 8,
    evaluated: 5,
    satisfied: 4,
    overdue: 1,
    reopened: 2,
    whistles: 0,
    reportInsOnTime: 0,
    reportInsLate: 0,
  };
  const weights = { response: 30, resolution: 35, satisfaction: 35 };
  it('computes the rates and the weighted score', () => {
    const f = unitFigures(base, weights, 5);
    expect(f).toMatchObject({ responseRate: 0.9, resolutionRate: 0.8, satisfactionRate: 0.8, overdueRate: 0.1, reopenedRate: 0.2, punctuality: null, smallSample: false });
    expect(f.score).toBeCloseTo(0.3 * 90 + 0.35 * 80 + 0.35 * 80, 6);
  });
  it('ranks by score, small samples last, fewer late report-ins first on a tie', () => {
    const ranked = rank(
      [
        { ...base, key: 'small', assigned: 2, respondedInTime: 2, resolved: 2, evaluated: 2, satisfied: 2 },
        { ...base, key: 'late', reportInsLate: 2, whistles: 2 },
        { ...base, key: 'punctual', reportInsOnTime: 2, whistles: 2 },
        { ...base, key: 'worse', resolved: 5 },
      ],
      weights,
      5,
    );
    expect(ranked.map((r) => [r.key, r.rank])).toEqual([
      ['punctual', 1],
      ['late', 2],
      ['worse', 3],
      ['small', 4],
    ]);
    expect(ranked[3].smallSample).toBe(true);
  });
  it('takes months in Asia/Shanghai', () => {
    expect(monthRange('2026-12')).toEqual({ from: new Date('2026-12-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') });
    expect(() => monthRange('2026-13')).toThrow();
  });
});

describe('locations, photos and attributes', () => {
  const square: Geometry = {
    type: 'Polygon',
    coordinates: [
      [
        [116.9, 35.4],
        [117.0, 35.4],
        [117.0, 35.5],
        [116.9, 35.5],
        [116.9, 35.4],
      ],
    ],
  };
  const small: Geometry = {
    type: 'Polygon',
    coordinates: [
      [
        [116.95, 35.45],
        [116.96, 35.45],
        [116.96, 35.46],
        [116.95, 35.46],
        [116.95, 35.45],
      ],
    ],
  };
  it('finds the most specific region containing a point', () => {
    expect(inGeometry(square, 35.45, 116.95)).toBe(true);
    expect(inGeometry(square, 35.55, 116.95)).toBe(false);
    const b = [
      { regionCode: '370883', geometry: square },
      { regionCode: '370883001201', geometry: small },
    ];
    expect(locate(b, 35.455, 116.955)).toBe('370883001201');
    expect(locate(b, 35.41, 116.91)).toBe('370883');
    expect(locate(b, 36, 116.91)).toBeNull();
  });
  it('measures distance on the sphere', () => {
    expect(distanceMetres({ lat: 35.4, lng: 116.9 }, { lat: 35.401, lng: 116.9 })).toBeCloseTo(111.2, 0);
  });
  it('tells images by their bytes, refusing others and oversized ones', () => {
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(new TextEncoder().encode('RIFF1234WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(new TextEncoder().encode('<svg xmlns='))).toBeNull();
    expect(() => decodePhotos([Buffer.from('GIF89a').toString('base64')])).toThrow(/not an image/);
    expect(() => decodePhotos(['***'])).toThrow(/not base64/);
    expect(() => decodePhotos(Array(7).fill(''))).toThrow(/at most 6/);
  });
  it('checks attribute values against the definition', () => {
    const defs = [
      { code: 'size', datatype: 'singlevaluelist' as const, required: true, description: '', order: 1, values: [{ key: 's', name: 'S' }] },
      { code: 'n', datatype: 'number' as const, required: false, description: '', order: 2 },
      { code: 'when', datatype: 'datetime' as const, required: false, description: '', order: 3 },
      {
        code: 'tags',
        datatype: 'multivaluelist' as const,
        required: false,
        description: '',
        order: 4,
        values: [
          { key: 'a', name: 'A' },
          { key: 'b', name: 'B' },
        ],
      },
    ];
    expect(checkAttributes(defs, { size: 's', n: '3', when: '2026-01-01T08:00:00+08:00', tags: ['a', 'b', 'a'] })).toEqual({
      size: 's',
      n: 3,
      when: '2026-01-01T08:00:00+08:00',
      tags: ['a', 'b'],
    });
    expect(() => checkAttributes(defs, {})).toThrow(/required attribute size/);
    expect(() => checkAttributes(defs, { size: 's', n: 'many', when: '2026-01-01', other: 'x' })).toThrow(/n must be a number.*when must be an ISO 8601|unknown attribute other/);
  });
});
