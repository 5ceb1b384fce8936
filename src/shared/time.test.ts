import { describe, expect, it } from 'vitest';
import { shanghaiIso } from './time.js';

describe('shanghaiIso', () => {
  it('writes an instant as Beijing wall-clock time with its offset', () => {
    expect(shanghaiIso(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01T00:00:00+08:00');
    expect(shanghaiIso(new Date('2025-12-31T23:59:59.250Z'))).toBe('2026-01-01T07:59:59.250+08:00');
  });

  it('round-trips through Date', () => {
    const d = new Date('2026-02-17T03:04:05.678Z');
    expect(new Date(shanghaiIso(d)).getTime()).toBe(d.getTime());
  });

  it('refuses an invalid date', () => {
    expect(() => shanghaiIso(new Date('nope'))).toThrow(RangeError);
  });
});
