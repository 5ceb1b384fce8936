// The calendar commands, run in-process against an embedded database in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { Command, CommanderError } from 'commander';
import { register as registerCalendar } from '../cli/commands/calendar.js';
import { register as registerAudit } from '../cli/commands/audit.js';
import { CliError } from '../cli/errors.js';
import { runZaizao } from '../../test/support/cli.js';

let dir: string;
const saved = { ZAIZAO_DATA: process.env.ZAIZAO_DATA, DATABASE_URL: process.env.DATABASE_URL };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-calendar-'));
  process.env.ZAIZAO_DATA = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The calendar (and audit) commands on a program of their own, with the exit codes of
 * src/cli/main.ts: usage errors 2, CliError its code, anything else 1. The last test runs
 * the real command with every command file loaded.
 */
async function runCalendarCli(args: string[]): Promise<number> {
  const program = new Command('zaizao').exitOverride();
  registerCalendar(program);
  registerAudit(program);
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return 2;
    process.stderr.write(`zaizao: ${(err as Error).message}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

async function zaizao(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runCalendarCli(args);
    // Node's own process warnings (e.g. MaxListenersExceededWarning after many in-process opens) are not the command's output.
    stderr = stderr
      .split('\n')
      .filter((l) => !/^\(node:\d+\) |^\(Use `node /.test(l))
      .join('\n');
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

// An illustrative 2027 arrangement for the tests, not the official notice.
const FIXTURE_2027 = {
  year: 2027,
  daysOff: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  makeUpWorkdays: ['2027-01-31', '2027-10-09'],
  source: 'test fixture',
};

describe('zaizao calendar', () => {
  test('add-workdays prints the date; --format json prints the question and the answer', async () => {
    expect(await zaizao('calendar', 'add-workdays', '2025-09-30', '2')).toEqual({ code: 0, stdout: '2025-10-10\n', stderr: '' });
    const back = await zaizao('calendar', 'add-workdays', '2025-10-10', '-2', '--format', 'json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual({ date: '2025-10-10', n: -2, result: '2025-09-30', provisional: false, provisionalYear: null });
  });

  test('workdays-between prints the number', async () => {
    expect(await zaizao('calendar', 'workdays-between', '2025-09-30', '2025-10-10')).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    const json = await zaizao('calendar', 'workdays-between', '2025-10-10', '2025-09-30', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ from: '2025-10-10', to: '2025-09-30', workdays: -2, provisional: false, provisionalYear: null });
  });

  test.each([
    [['calendar', 'add-workdays', '2025-02-29', '1'], /DATE must be a date/],
    [['calendar', 'add-workdays', '2025/03/03', '1'], /DATE must be a date/],
    [['calendar', 'add-workdays', '2025-03-03', '1.5'], /N must be a whole number/],
    [['calendar', 'add-workdays', '2025-03-03', 'three'], /N must be a whole number/],
    [['calendar', 'workdays-between', '2025-03-03', 'soon'], /TO must be a date/],
    [['calendar', 'add-workdays', '2025-03-03', '1', '--format', 'xml'], /--format must be one of/],
  ])('bad input %j is a usage error (exit 2), one line', async (args, message) => {
    const r = await zaizao(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  test('a year without official data: a provisional answer, marked; --strict refuses it in one line, exit 1; after `calendar load` it is official', async () => {
    const provisional = await zaizao('calendar', 'add-workdays', '2026-12-30', '5');
    expect(provisional).toMatchObject({ code: 0, stdout: '2027-01-07\n' });
    expect(provisional.stderr).toMatch(/provisional \(暂定\): 2027 has no official arrangement/);
    const json = await zaizao('calendar', 'add-workdays', '2026-12-30', '5', '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ result: '2027-01-07', provisional: true, provisionalYear: 2027 });

    const missing = await zaizao('calendar', 'add-workdays', '2026-12-30', '5', '--strict');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/only a provisional calendar for 2027/);
    expect(missing.stderr).toMatch(/zaizao calendar load FILE/);
    expect((await zaizao('calendar', 'workdays-between', '2026-12-01', '2027-01-05', '--strict')).code).toBe(1);

    const before = await zaizao('calendar', 'years', '--format', 'json');
    expect(JSON.parse(before.stdout).provisional).toContain(2027);

    const loaded = await zaizao('calendar', 'load', writeJson('2027.json', FIXTURE_2027));
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/^loaded 2027: 11 days off, 2 make-up workdays \(source: test fixture\)/);
    expect(loaded.stdout).toMatch(/covers 2004–2027/);

    expect(await zaizao('calendar', 'add-workdays', '2026-12-30', '5', '--strict')).toEqual({ code: 0, stdout: '2027-01-07\n', stderr: '' });

    const again = await zaizao('calendar', 'load', writeJson('2027b.json', { ...FIXTURE_2027, source: 'corrected' }), '--format', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ loaded: { year: 2027, source: 'corrected' }, replaced: true, coverage: { from: 2004, to: 2027, loaded: [2027] } });

    const years = await zaizao('calendar', 'years', '--format', 'json');
    const rows = JSON.parse(years.stdout).years as Array<{ year: number; origin: string }>;
    expect(rows.at(-1)).toMatchObject({ year: 2027, origin: 'loaded' });
    expect(rows[0]).toMatchObject({ year: 2004, origin: 'bundled' });
    expect(JSON.parse(years.stdout).provisional).not.toContain(2027);
  });

  test('calendar years warns from October (ZAIZAO_CLOCK_START) when next year has no official arrangement', async () => {
    const saved = process.env.ZAIZAO_CLOCK_START;
    try {
      process.env.ZAIZAO_CLOCK_START = '2027-10-09T09:00:00+08:00';
      const warned = await zaizao('calendar', 'years');
      expect(warned.code).toBe(0);
      expect(warned.stdout).toMatch(/provisional \(statutory holidays only, 暂定\): 2028–2099/);
      expect(warned.stderr).toMatch(/^warning: The State Council arrangement for 2028 is not loaded yet/);
      expect(JSON.parse((await zaizao('calendar', 'years', '--format', 'json')).stdout).warning).toMatchObject({ year: 2028 });
      process.env.ZAIZAO_CLOCK_START = '2027-09-30T09:00:00+08:00';
      expect((await zaizao('calendar', 'years')).stderr).toBe('');
    } finally {
      if (saved === undefined) delete process.env.ZAIZAO_CLOCK_START;
      else process.env.ZAIZAO_CLOCK_START = saved;
    }
  });

  test('load refuses a bad file with the field named, exit 2, and stores nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{"year": 2028,', /not valid JSON/],
      [{ year: 2028, daysOff: ['2028-01-01'], makeUpWorkdays: ['2028-01-05'] }, /makeUpWorkdays\[0\]: 2028-01-05 is a Wednesday/],
      [{ year: 2028, daysOff: ['2028-01-01', '2028-13-01'], makeUpWorkdays: [] }, /daysOff\[1\]/],
      [{ year: 2028, daysOff: ['2028-01-01'] }, /makeUpWorkdays:/],
    ];
    for (const [content, message] of cases) {
      const r = await zaizao('calendar', 'load', writeJson('bad.json', content));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await zaizao('calendar', 'load', path.join(dir, 'no-such-file.json'))).code).toBe(2);
    expect((await zaizao('calendar', 'add-workdays', '2028-01-04', '1', '--strict')).code).toBe(1);
  });

  test('the arithmetic answers from the calendar mirror while another process owns the database; commands that need the database say it is in use', async () => {
    const dataDir = process.env.ZAIZAO_DATA!;
    const mirror = JSON.parse(fs.readFileSync(path.join(dataDir, 'calendar-mirror.json'), 'utf8')) as { arrangements: Array<{ year: number }> };
    expect(mirror.arrangements.map((a) => a.year)).toEqual([2027]);
    const owner = path.join(dataDir, 'zaizao.owner.pid');
    fs.writeFileSync(owner, String(process.pid)); // as a running server would hold it
    try {
      expect(await zaizao('calendar', 'add-workdays', '2026-12-30', '5', '--strict')).toEqual({ code: 0, stdout: '2027-01-07\n', stderr: '' });
      const years = await zaizao('calendar', 'years');
      expect(years.code).toBe(1);
      expect(years.stderr).toMatch(/is in use by process/);
    } finally {
      fs.rmSync(owner, { force: true });
    }
  });

  test('a mirror that is not one Zaizao wrote is ignored: the database answers, and its owner writes the mirror again', async () => {
    const file = path.join(process.env.ZAIZAO_DATA!, 'calendar-mirror.json');
    for (const content of ['{"version": 1, "arrangements": [{"year": 2027}], "regions": []}', '{"version": 99}', 'not json']) {
      fs.writeFileSync(file, content);
      expect(await zaizao('calendar', 'add-workdays', '2026-12-30', '5', '--strict')).toEqual({ code: 0, stdout: '2027-01-07\n', stderr: '' });
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1, arrangements: [{ year: 2027, source: 'corrected' }], regions: [] });
    }
  });

  test('the audit trail holds the loads and stays intact', async () => {
    const r = await zaizao('audit', 'verify', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });

  test('the installed command behaves the same in its own process', async () => {
    const env = { ZAIZAO_DATA: path.join(dir, 'spawned'), DATABASE_URL: '' };
    expect(await runZaizao(['calendar', 'add-workdays', '2025-09-30', '2'], env)).toMatchObject({ code: 0, stdout: '2025-10-10\n' });
    const missing = await runZaizao(['calendar', 'workdays-between', '2026-12-01', '2027-01-05', '--strict'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^zaizao: only a provisional calendar for 2027/);
    const beyond = await runZaizao(['calendar', 'workdays-between', '2099-12-01', '2100-01-05'], env);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toMatch(/^zaizao: no official working-day arrangement for 2100/);
  }, 240_000);
});
