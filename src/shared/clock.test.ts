import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockFromEnv, clockStartingAt, systemClock } from './clock.js';

describe('the platform clock', () => {
  it('starts a virtual clock at ZAIZAO_CLOCK_START and lets it advance in real time', () => {
    let real = Date.parse('2031-12-06T10:00:00Z'); // whatever "today" is
    const clock = clockFromEnv({ ZAIZAO_CLOCK_START: '2026-06-01T09:00:00+08:00' }, () => real);
    expect(clock().toISOString()).toBe('2026-06-01T01:00:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).toBe('2026-06-01T01:01:30.000Z');
  });

  it('is the system clock without the setting', () => {
    expect(clockFromEnv({})).toBe(systemClock);
    expect(clockFromEnv({ ZAIZAO_CLOCK_START: '' })).toBe(systemClock);
  });

  it('refuses a start without an offset or that is no date', () => {
    expect(() => clockFromEnv({ ZAIZAO_CLOCK_START: '2026-06-01T09:00:00' })).toThrow(/ZAIZAO_CLOCK_START must be an ISO instant with an offset/);
    expect(() => clockFromEnv({ ZAIZAO_CLOCK_START: 'tomorrow' })).toThrow(/got tomorrow/);
    expect(() => clockStartingAt(new Date('x'))).toThrow(RangeError);
  });

  it('follows ZAIZAO_CLOCK_FILE: a test writes a later instant and the running clock moves there', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-clock-')), 'clock');
    fs.writeFileSync(file, '2026-03-02T09:30:00+08:00');
    let real = Date.parse('2031-12-06T10:00:00Z');
    const clock = clockFromEnv({ ZAIZAO_CLOCK_FILE: file, ZAIZAO_CLOCK_START: '2020-01-01T00:00:00Z' }, () => real);
    expect(clock().toISOString()).toBe('2026-03-02T01:30:00.000Z');
    real += 60_000;
    expect(clock().toISOString()).toBe('2026-03-02T01:31:00.000Z');
    fs.writeFileSync(file, '2026-03-13T09:00:00+08:00\n');
    expect(clock().toISOString()).toBe('2026-03-13T01:00:00.000Z');
    fs.writeFileSync(file, 'soon');
    expect(() => clock()).toThrow(/ZAIZAO_CLOCK_FILE must be an ISO instant/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
