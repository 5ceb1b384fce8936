// The ratings pages' pure parts: what a window visit allows next, the visit form's body, the
// month the pages open on (Shanghai time, whatever the browser's zone) and how rates print.
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../../../src/rating/rectification.js';
import { pct, thisMonth } from './api.js';
import { STATUS_COLOURS } from './Cases.js';
import { clockTime, visitBody, visitStep } from './visits.js';

describe('a window visit on the pad page', () => {
  it('is ended first, then rated once', () => {
    expect(visitStep({ endedAt: null, rated: false })).toBe('in_progress');
    expect(visitStep({ endedAt: '2026-12-01T10:05:00+08:00', rated: false })).toBe('to_rate');
    expect(visitStep({ endedAt: '2026-12-01T10:05:00+08:00', rated: true })).toBe('rated');
  });

  it('sends only the fields the clerk filled in, trimmed', () => {
    expect(visitBody({ windowCode: ' A03 ', matterName: '', visitor: '  ', visitorName: '周敏' })).toEqual({ windowCode: 'A03', visitorName: '周敏' });
    expect(visitBody({})).toEqual({});
  });

  it('shows the time of day of a Shanghai instant', () => {
    expect(clockTime('2026-12-01T09:07:31+08:00')).toBe('09:07');
    expect(clockTime(null)).toBe('—');
  });
});

describe('figures on the ratings pages', () => {
  it('open on the month in Shanghai, not in the browser’s zone', () => {
    // 31 December 2026, 20:00 UTC is already 1 January 2027 in Zoucheng.
    expect(thisMonth(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01');
    expect(thisMonth(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12');
  });

  it('print a rate with one decimal, and a dash when there is nothing to rate', () => {
    expect(pct(0.98765)).toBe('98.8%');
    expect(pct(0)).toBe('0.0%');
    expect(pct(null)).toBe('—');
    expect(pct(undefined)).toBe('—');
  });

  it('colour every rectification status', () => {
    expect(Object.keys(STATUS_COLOURS).sort()).toEqual([...CASE_STATUSES].sort());
  });
});
