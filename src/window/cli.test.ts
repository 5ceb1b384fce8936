// zaizao window, run as the real command on an embedded database: the same facade and the
// same scope as the API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import { actorOf } from '../org/store.js';
import { seedDemoData } from '../server/seed.js';
import { openStore } from '../store/database.js';
import type { FormSchema } from './form.js';
import { addMaterial, createApplication, loadService, submitApplication, windowContext } from './index.js';
import { sampleCreditCode, sampleForm } from './sample.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-window-cli-'));
// A Monday in a year with its official arrangement; the commands run on the same clock.
const env = { ZAIZAO_DATA: dir, DATABASE_URL: '', ZAIZAO_CLOCK_START: '2026-03-02T10:00:00+08:00' };
let submitted = 0;
let draft = 0;

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: dir });
  try {
    const seed = await seedDemoData(store, 'cli-test-password', { service: true });
    expect(seed.extras.join(' ')).toContain('企业开办一件事');
    const ctx = windowContext(store.db, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    const applicant = (await actorOf(store.db, 'applicant'))!;
    const serviceId = Number((await store.db.selectFrom('bundles').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id);
    const service = await loadService(store.db, serviceId);
    const form = sampleForm(service.draft.form.schema as FormSchema, { uscc: sampleCreditCode() });
    submitted = (await createApplication(ctx, applicant, { serviceId, form })).id;
    for (const m of service.materials.filter((x) => x.handling !== 'commitment')) await addMaterial(ctx, applicant, submitted, m.code, 'scan.pdf', Buffer.from('%PDF-1.7\n'));
    await submitApplication(ctx, applicant, submitted, { commitment: { signedName: '周敏', agreed: true } });
    draft = (await createApplication(ctx, applicant, { serviceId, form })).id;
  } finally {
    await store.close();
  }
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zaizao window', () => {
  it('lists what the user may see, shows one, and accepts it as a window clerk', { timeout: 180_000 }, async () => {
    const list = await runZaizao(['window', 'list', '--as', 'clerk', '--status', 'submitted', '--format', 'json'], env);
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout).items.map((a: { id: number }) => a.id)).toEqual([submitted]);
    // Another applicant sees none of them.
    const other = await runZaizao(['window', 'list', '--as', 'applicant2', '--format', 'json'], env);
    expect(JSON.parse(other.stdout)).toEqual({ items: [], next: null });

    const show = await runZaizao(['window', 'show', String(submitted), '--as', 'applicant'], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('企业开办一件事');
    expect(show.stdout).toContain('application.submitted');

    const accept = await runZaizao(['window', 'accept', String(submitted), '--as', 'clerk'], env);
    expect(accept.stderr).toBe('');
    expect(accept.stdout).toMatch(/^accepted \d+: promised 2026-03-\d\d/);
    const after = JSON.parse((await runZaizao(['window', 'show', String(submitted), '--as', 'clerk', '--format', 'json'], env)).stdout);
    expect(after.status).toBe('accepted');
    // A week later every step of it is overdue: escalated once to the heads and the board.
    const later = { ...env, ZAIZAO_CLOCK_START: '2026-03-10T10:00:00+08:00' };
    const escalated = JSON.parse((await runZaizao(['window', 'escalate', '--format', 'json'], later)).stdout);
    expect(escalated.escalated).toBeGreaterThan(0);
    expect((await runZaizao(['window', 'escalate'], later)).stdout).toMatch(/^escalated 0 overdue steps/);
  });

  it('refuses with one line: an application the user may not see, a draft, a wrong option', { timeout: 180_000 }, async () => {
    const hidden = await runZaizao(['window', 'show', String(submitted), '--as', 'applicant2'], env);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr.trim().split('\n')).toHaveLength(1);
    expect(hidden.stderr).toContain(`${submitted}`);
    const notSubmitted = await runZaizao(['window', 'accept', String(draft), '--as', 'clerk'], env);
    expect(notSubmitted.code).toBe(1);
    expect(notSubmitted.stderr).toMatch(/draft|status/i);
    const applicantAccepts = await runZaizao(['window', 'accept', String(draft), '--as', 'applicant'], env);
    expect(applicantAccepts.code).toBe(1);
    const usage = await runZaizao(['window', 'list', '--as', 'clerk', '--status', 'sleeping'], env);
    expect(usage.code).toBe(2);
  });
});
