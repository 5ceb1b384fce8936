// The whole platform in one process, as `npm start` runs it: HTTP, first-start seeding and
// the engine's job executor firing a process timer without any request to wake it. The server
// runs on a virtual clock (ZAIZAO_CLOCK_START) that the app and the job executor share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';

const TIMER_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_timer" targetNamespace="http://example.org/start">
  <process id="wait_then_end" name="等待后办结" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

describe('the started platform', () => {
  let server: RunningServer;
  const printed: string[] = [];
  const savedClock = process.env.ZAIZAO_CLOCK_START;
  beforeAll(async () => {
    process.env.ZAIZAO_CLOCK_START = '2027-10-09T09:00:00+08:00';
    server = await startServer({ config: { kind: 'pglite', dataDir: null }, port: 0, logger: false, jobIntervalMs: 100, print: (l) => printed.push(l) });
  });
  afterAll(async () => {
    if (savedClock === undefined) delete process.env.ZAIZAO_CLOCK_START;
    else process.env.ZAIZAO_CLOCK_START = savedClock;
    await server.stop();
  });

  async function signIn(): Promise<Record<string, string>> {
    const password = /Demo password[^:]*: (\S+)/.exec(printed.join('\n'))?.[1] ?? process.env.ZAIZAO_DEMO_PASSWORD!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return { 'content-type': 'application/json', cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': csrfToken };
  }

  it('prints the demo users and the one-time password on first start', () => {
    expect(printed.join('\n')).toMatch(/Demo users: admin \(admin\), reform \(reform_office\)/);
    expect(printed.join('\n')).toMatch(/Demo catalogue loaded/);
  });

  it('answers on its virtual clock: in October 2027 it warns that 2028 is missing', async () => {
    const headers = await signIn();
    const years = (await (await fetch(`${server.url}/api/calendar/years`, { headers })).json()) as { warning: { year: number } | null };
    expect(years.warning?.year).toBe(2028);
  });

  it('fires a process timer from the job executor (on the same clock as the app)', async () => {
    const headers = await signIn();
    expect((await fetch(`${server.url}/api/engine/deployments`, { method: 'POST', headers, body: JSON.stringify({ xml: TIMER_PROCESS }) })).status).toBeLessThan(300);
    const started = await fetch(`${server.url}/api/engine/instances`, { method: 'POST', headers, body: JSON.stringify({ processKey: 'wait_then_end' }) });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 300 && status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = ((await (await fetch(`${server.url}/api/engine/instances/${id}`, { headers })).json()) as { status: string }).status;
    }
    expect(status).toBe('completed');
  });
});
