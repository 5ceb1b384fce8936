// @vitest-environment jsdom
// The cases pages against a fetch double in the API's shapes: the dispatcher's board shows the
// columns' counts and each case's flags; a case shows its whistles (a late report-in marked)
// and sends the step the unit takes; a grid worker lands on the report form; the administrator
// edits the time limits and issues an Open311 key, shown once.
import { describe, expect, it } from 'vitest';
import { pageTests } from '../page-test.js';
import { buttonByText, click, waitFor } from '../../test-support.js';
import { fakeApi } from '../reform/fake-api.js';
import type { Session } from '../../api/types.js';

const session = (role: string, username: string): Session => ({
  user: {
    id: 7,
    username,
    displayName: username,
    role: role as Session['user']['role'],
    regionCode: '370883001',
    regionName: '钢山街道',
    departmentId: null,
    departmentName: null,
  },
  csrfToken: 'csrf-1',
});

const summary = {
  id: 12,
  regionCode: '370883001201',
  categoryCode: 'ENV-RUBBISH',
  channel: 'grid',
  status: 'handling',
  finished: false,
  urgency: 'normal',
  description: '路边垃圾堆放',
  address: '前进社区东门',
  lat: 35.405,
  lng: 116.965,
  reporterName: '赵强',
  tier: 'township',
  unitName: '钢山街道',
  unitRegionCode: '370883001',
  unitDepartmentId: null,
  transfers: 3,
  bounced: true,
  reopened: 1,
  escalations: 1,
  leaderFlagged: false,
  overdue: true,
  satisfaction: null,
  statusNotes: '',
  reportedAt: '2026-03-02T09:30:00+08:00',
  assignedAt: '2026-03-02T10:30:00+08:00',
  responseDue: '2026-03-02T12:30:00+08:00',
  respondedAt: '2026-03-02T10:40:00+08:00',
  handleDue: '2026-03-09T10:30:00+08:00',
  handledAt: null,
  closedAt: null,
  evaluatedAt: null,
  updatedAt: '2026-03-02T11:50:00+08:00',
};
const detail = {
  ...summary,
  attributes: {},
  mediaUrl: null,
  reporterId: 3,
  photos: [],
  whistles: [
    {
      id: 1,
      departmentId: 2,
      departmentName: '住房和城乡建设局',
      whistledBy: 'dispatcher',
      whistledAt: '2026-03-02T11:00:00+08:00',
      deadline: '2026-03-02T11:30:00+08:00',
      acknowledgedAt: '2026-03-02T11:10:00+08:00',
      onSiteAt: '2026-03-02T11:25:00+08:00',
      checkinLat: 35.4,
      checkinLng: 116.9,
      checkinPhotoId: 5,
      late: false,
      releasedAt: null,
    },
    {
      id: 2,
      departmentId: 3,
      departmentName: '市场监督管理局',
      whistledBy: 'dispatcher',
      whistledAt: '2026-03-02T11:00:00+08:00',
      deadline: '2026-03-02T11:30:00+08:00',
      acknowledgedAt: '2026-03-02T11:50:00+08:00',
      onSiteAt: '2026-03-02T11:50:00+08:00',
      checkinLat: 35.4,
      checkinLng: 116.9,
      checkinPhotoId: 6,
      late: true,
      releasedAt: null,
    },
  ],
  events: [{ id: 1, at: '2026-03-02T09:30:00+08:00', actorName: 'grid', action: 'report', fromStatus: null, toStatus: 'accepted', data: {} }],
};

describe('cases pages', () => {
  const { open } = pageTests();

  it('shows the dispatcher’s board with counts and each case’s flags', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('dispatcher', 'dispatcher') };
      if (c.path === '/api/cases/board') return { status: 200, body: { new: 2, overdue: 1, whistled: 1, bounced: 1, leader: 0 } };
      if (c.path === '/api/cases' && c.query.get('view') === 'open') return { status: 200, body: { total: 1, cases: [summary] } };
      return undefined;
    });
    await open('/cases');
    await waitFor(() => expect(document.body.textContent).toContain('路边垃圾堆放'));
    const row = document.querySelector('tbody tr.ant-table-row')!;
    expect(row.textContent).toContain('处置中');
    expect(row.textContent).toContain('超时');
    expect(row.textContent).toContain('推诿');
    expect(row.textContent).toContain('重办 1 次');
    expect(document.querySelector('a[href="/cases/12"]')).not.toBeNull();
  });

  it('shows a case’s whistles with the late report-in, and sends the unit’s step', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('dispatcher', 'dispatcher') };
      if (c.path === '/api/org/departments') return { status: 200, body: { items: [] } };
      if (c.method === 'GET' && c.path === '/api/cases/12') return { status: 200, body: detail };
      if (c.method === 'POST' && c.path === '/api/cases/12/steps')
        return { status: 409, body: { error: { code: 'check_required', message: { zh: '案件未经核查，不能结案', en: 'check first' } } } };
      return undefined;
    });
    await open('/cases/12');
    await waitFor(() => expect(document.body.textContent).toContain('市场监督管理局'));
    const rows = [...document.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows.find((r) => r?.includes('市场监督管理局'))).toContain('迟到');
    expect(rows.find((r) => r?.includes('住房和城乡建设局'))).toContain('按时');
    await click(buttonByText('退回'));
    expect(calls.some((c) => c.method === 'POST')).toBe(false); // a return needs a reason
    const note = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="说明"]')!;
    const { act } = await import('react');
    await act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      setter.call(note, '已清运');
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(buttonByText('提交处置结果'));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'handle', feedback: '已清运', photos: [] }));
  });

  it('lands a grid worker on the report form', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('grid_worker', 'grid') };
      if (c.path === '/api/cases/categories')
        return {
          status: 200,
          body: {
            items: [{ code: 'ENV-RUBBISH', regionCode: '370883', name: { zh: '垃圾堆放', en: 'Rubbish' }, description: '', keywords: '', group: '', attributes: [], active: true }],
          },
        };
      if (c.path === '/api/cases') return { status: 200, body: { total: 0, cases: [] } };
      if (c.path === '/api/cases/board') return { status: 200, body: { new: 0, overdue: 0, whistled: 0, bounced: 0, leader: 0 } };
      return undefined;
    });
    await open('/cases');
    await waitFor(() => expect(buttonByText('提交上报')).toBeTruthy());
    expect(buttonByText('获取当前位置')).toBeTruthy();
    expect(document.body.textContent).toContain('现场照片');
  });

  it('lets the administrator save the time limits and issue an Open311 key, shown once', async () => {
    const settings = {
      regionCode: '370883',
      whistleMinutes: 30,
      bounceThreshold: 2,
      duplicateMetres: 200,
      duplicateHours: 72,
      smallSample: 5,
      weights: { response: 30, resolution: 35, satisfaction: 35 },
      bbox: null,
    };
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('admin', 'admin') };
      if (c.path === '/api/cases/config')
        return {
          status: 200,
          body: { responsibilities: [], settings, timeLimits: [{ regionCode: '370883', categoryCode: 'ENV-RUBBISH', tier: 'village', responseHours: 2, handleWorkdays: 3 }] },
        };
      if (c.method === 'GET' && c.path === '/api/cases/open311-keys') return { status: 200, body: { items: [] } };
      if (c.method === 'PUT' && c.path === '/api/cases/time-limits') return { status: 204, body: null };
      if (c.method === 'POST' && c.path === '/api/cases/open311-keys') return { status: 201, body: { id: 1, key: 'o311-secret-key' } };
      return undefined;
    });
    await open('/cases?tab=settings');
    await waitFor(() => expect(document.body.textContent).toContain('办理时限（按类别与层级）'));
    const { act } = await import('react');
    const typeInto = async (el: HTMLInputElement, value: string) =>
      act(async () => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="办结（工作日） 1"]')!, '5');
    await click(buttonByText('保存时限'));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        rows: [{ regionCode: '370883', categoryCode: 'ENV-RUBBISH', tier: 'village', responseHours: 2, handleWorkdays: 5 }],
      }),
    );
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="密钥名称（如应用名）"]')!, '城市服务 app');
    await click(buttonByText('新建密钥'));
    await waitFor(() => expect(document.body.textContent).toContain('o311-secret-key'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: '城市服务 app' });
  });
});
