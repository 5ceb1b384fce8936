// @vitest-environment jsdom
// The working calendar page against a fetch double in the API's shapes: covered and
// provisional years, the October warning, an administrator loading a year (typed in), the
// recomputed deadlines reported; the reform office reads the page but cannot load.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { pageTests } from '../page-test.js';
import { byTestId, click, typeInto, waitFor } from '../../test-support.js';
import { fakeApi, reformSession } from '../reform/fake-api.js';

/** Types into the text area or input inside the element with this test id, as a user would. */
async function fill(testId: string, value: string): Promise<void> {
  const host = byTestId(testId);
  const field = (host.matches('textarea, input') ? host : host.querySelector('textarea, input')) as HTMLTextAreaElement | HTMLInputElement;
  if (field instanceof HTMLInputElement) return typeInto(field, value);
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  await act(async () => {
    setter?.call(field, value);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const adminSession = { ...reformSession, user: { ...reformSession.user, id: 1, username: 'admin', displayName: '系统管理员', role: 'admin' } };
const provisional = Array.from({ length: 73 }, (_, i) => 2027 + i);
const before = {
  coverage: { from: 2004, to: 2026, loaded: [], years: Array.from({ length: 23 }, (_, i) => 2004 + i), provisional },
  warning: {
    year: 2027,
    message: { zh: '尚未加载 2027 年的国务院节假日安排：2027 年的工作日按法定节假日暂定计算。', en: 'The State Council arrangement for 2027 is not loaded yet.' },
  },
  loaded: [],
};
const after = {
  coverage: { ...before.coverage, to: 2027, loaded: [2027], years: [...before.coverage.years, 2027], provisional: provisional.filter((y) => y !== 2027) },
  warning: null,
  loaded: [{ year: 2027, daysOff: ['2027-01-01', '2027-02-05'], makeUpWorkdays: ['2027-02-20'], source: '国办发明电〔2026〕1号', loadedAt: '2026-11-20T02:00:00.000Z' }],
};

describe('working calendar page', () => {
  const pages = pageTests();

  it('shows official and provisional years and the October warning; an administrator loads a year and sees the deadlines recomputed', async () => {
    let loaded = false;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: adminSession };
      if (c.path === '/api/calendar/years' && c.method === 'GET') return { status: 200, body: loaded ? after : before };
      if (c.path === '/api/calendar/years' && c.method === 'POST') {
        loaded = true;
        return {
          status: 201,
          body: {
            arrangement: c.body,
            replaced: false,
            coverage: after.coverage,
            recomputed: [{ kind: 'ledger_item', id: 4, before: '2027-01-18', after: '2027-01-19', provisional: false }],
          },
        };
      }
    });
    const view = await pages.open('/calendar');
    await waitFor(() => expect(byTestId('calendar-coverage').textContent).toContain('2004–2026'));
    expect(byTestId('calendar-provisional').textContent).toBe('2027–2099');
    expect(byTestId('calendar-warning').textContent).toContain('尚未加载 2027 年的节假日安排');
    expect(view.text()).toContain('暂定');

    await fill('calendar-days-off', '2027-01-01, 2027-02-05\n2027-02-06');
    await fill('calendar-workdays', '2027-02-20');
    await fill('calendar-source', '国办发明电〔2026〕1号');
    await click(byTestId('calendar-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const sent = calls.find((c) => c.method === 'POST')!;
    expect(sent.body).toEqual({ year: 2027, daysOff: ['2027-01-01', '2027-02-05', '2027-02-06'], makeUpWorkdays: ['2027-02-20'], source: '国办发明电〔2026〕1号' });
    await waitFor(() => expect(byTestId('calendar-result').textContent).toContain('已重算 1 项完成时限'));
    expect(byTestId('calendar-result').textContent).toContain('台账事项 4 2027-01-18 → 2027-01-19');
    await waitFor(() => expect(byTestId('calendar-coverage').textContent).toContain('2004–2027'));
    expect(document.querySelector('[data-testid="calendar-warning"]')).toBeNull();
    expect(byTestId('calendar-loaded').textContent).toContain('国办发明电〔2026〕1号');
  });

  it('shows the server’s refusal of a bad arrangement, naming the field', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: adminSession };
      if (c.path === '/api/calendar/years' && c.method === 'GET') return { status: 200, body: before };
      if (c.path === '/api/calendar/years' && c.method === 'POST')
        return { status: 400, body: { error: { code: 'validation', message: { zh: '请求不合法：makeUpWorkdays[0] 不正确（2027-02-03 是星期三）', en: 'invalid' }, details: {} } } };
    });
    await pages.open('/calendar');
    await waitFor(() => byTestId('calendar-days-off'));
    await fill('calendar-days-off', '2027-01-01');
    await fill('calendar-workdays', '2027-02-03');
    await click(byTestId('calendar-submit'));
    await waitFor(() => expect(byTestId('calendar-error').textContent).toContain('makeUpWorkdays[0]'));
  });

  it('lets the reform office see the years and the warning, without the loading form', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/calendar/years') return { status: 200, body: before };
    });
    await pages.open('/calendar');
    await waitFor(() => expect(byTestId('calendar-warning').textContent).toContain('2027'));
    expect(document.querySelector('[data-testid="calendar-form"]')).toBeNull();
  });
});
