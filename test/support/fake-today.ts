// Runs a test file as if today were ZAIZAO_TEST_TODAY (e.g. 2031-12-06T10:00:00+08:00):
// only Date is faked, and it keeps advancing in real time, so timers and timeouts behave.
// Unset (the normal run), it does nothing. Used to prove tests do not depend on today's date:
//   ZAIZAO_TEST_TODAY=2031-12-06T10:00:00+08:00 npx vitest run FILE --maxWorkers=1
import { vi } from 'vitest';

const today = process.env.ZAIZAO_TEST_TODAY;
if (today) {
  const at = new Date(today);
  if (Number.isNaN(at.getTime())) throw new Error(`ZAIZAO_TEST_TODAY is not a date: ${today}`);
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: at });
}
