// @vitest-environment jsdom
// The window pages against a fetch double in the API's shapes: public tracking needs no
// sign-in and shows status and steps; an applicant's form is checked in the browser with the
// server's rule before anything is sent.
import { describe, expect, it } from 'vitest';
import { pageTests } from '../page-test.js';
import { apiError, byTestId, click, mockApi, typeInto, waitFor } from '../../test-support.js';

const applicantSession = {
  user: { id: 9, username: 'applicant', displayName: '申请人 周敏', role: 'applicant', regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-abc',
};

const service = {
  id: 1,
  name: '建筑工程施工许可一件事',
  serviceCode: '370883-YJS-001',
  promisedWorkdays: 0,
  form: {
    title: '申请表',
    schema: {
      properties: { applicant_name: { title: '申请单位名称', type: 'string', minLength: 1 }, uscc: { title: '统一社会信用代码', type: 'string', 'x-field-type': 'uscc' } },
      required: ['applicant_name', 'uscc'],
    },
    fields: [
      { key: 'applicant_name', canonicalKey: 'applicant_name', label: '申请单位名称', type: 'text', unit: '', options: [], required: true, matters: [], labels: [] },
      { key: 'uscc', canonicalKey: 'uscc', label: '统一社会信用代码', type: 'uscc', unit: '', options: [], required: true, matters: [], labels: [] },
    ],
  },
  materials: [],
  letter: { title: '告知承诺书', notice: [], commitments: [], consequences: { zh: '', en: '' }, declaration: { zh: '', en: '' }, excluded: [] },
  resultPackage: [],
};

describe('window pages', () => {
  const { open } = pageTests();

  it('tracks an application without sign-in: status and steps', async () => {
    const calls = mockApi({
      'GET /api/auth/me': apiError(401, 'unauthenticated', '请先登录', 'sign in first'),
      'GET /api/public/track?receiptNo=37088320260302000001&queryCode=ABCDEFGH': {
        status: 200,
        body: {
          receiptNo: '37088320260302000001',
          serviceName: '建筑工程施工许可一件事',
          status: 'concluded',
          statusLabel: { zh: '已办结', en: 'Concluded' },
          finished: true,
          promisedDate: '2026-03-02',
          steps: [{ at: '2026-03-02T10:00:00+08:00', label: { zh: '已受理', en: 'Accepted' } }],
        },
      },
    });
    await open('/track');
    await waitFor(() => byTestId('track-receipt'));
    await typeInto(byTestId<HTMLInputElement>('track-receipt'), '37088320260302000001');
    await typeInto(byTestId<HTMLInputElement>('track-code'), 'ABCDEFGH');
    await click(byTestId('track-search'));
    await waitFor(() => expect(byTestId('track-status').textContent).toBe('已办结'));
    expect(byTestId('track-answer').textContent).toContain('已受理');
    expect(calls.some((c) => c.path.startsWith('/api/public/track'))).toBe(true);
  });

  it('checks the form in the browser and sends nothing while it fails', async () => {
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: applicantSession },
      'GET /api/window/services/1': { status: 200, body: service },
    });
    const view = await open('/window/apply/1');
    await waitFor(() => byTestId('apply-form'));
    await typeInto(document.querySelector<HTMLInputElement>('input#uscc')!, '91350100M000100Y44');
    await click(byTestId('form-next'));
    await waitFor(() => expect(view.text()).toContain('申请单位名称：必填'));
    expect(view.text()).toContain('GB 32100');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});
