// The memory of the hot paths: one computation serves concurrent readers of the same key; a
// command of the same kind, an expired time to live or a jump of the caller's clock makes the
// next reader compute again; a failed computation is not kept; stores never share an entry.
import { describe, expect, it } from 'vitest';
import { casesChanged, configChanged, memo, scopeKey } from './cache.js';
import { SYSTEM_ACTOR } from '../org/model.js';

function counter() {
  let n = 0;
  return {
    compute: async () => ++n,
    get calls() {
      return n;
    },
  };
}

describe('the cases cache', () => {
  it('shares one computation between readers of a key until a command of its kind', async () => {
    const db = {};
    const c = counter();
    const now = new Date('2026-04-01T10:00:00+08:00');
    const [a, b] = await Promise.all([memo(db, 'cases', 'board:x', 60_000, c.compute, now), memo(db, 'cases', 'board:x', 60_000, c.compute, now)]);
    expect([a, b, c.calls]).toEqual([1, 1, 1]);
    configChanged(); // another kind: still kept
    expect(await memo(db, 'cases', 'board:x', 60_000, c.compute, now)).toBe(1);
    casesChanged();
    expect(await memo(db, 'cases', 'board:x', 60_000, c.compute, now)).toBe(2);
  });

  it('computes again after its time to live, or when the caller’s clock has moved past it', async () => {
    const db = {};
    const c = counter();
    const now = new Date('2026-04-01T10:00:00+08:00');
    await memo(db, 'config', 'k', 0, c.compute, now);
    await memo(db, 'config', 'k', 0, c.compute, now);
    expect(c.calls).toBe(2); // a time to live of 0 keeps nothing
    await memo(db, 'config', 'j', 60_000, c.compute, now);
    await memo(db, 'config', 'j', 60_000, c.compute, new Date(now.getTime() + 86_400_000));
    expect(c.calls).toBe(4); // the virtual clock jumped a day
  });

  it('keeps no failure, and never shares an entry between two stores', async () => {
    const db = {};
    await expect(memo(db, 'cases', 'f', 60_000, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo(db, 'cases', 'f', 60_000, async () => 'up')).toBe('up');
    expect(await memo({}, 'cases', 'f', 60_000, async () => 'other store')).toBe('other store');
  });

  it('keys a scope by what the cases query is scoped by', () => {
    const dispatcher = { ...SYSTEM_ACTOR, userId: 3, role: 'dispatcher' as const, regionCode: '370883001', departmentId: null };
    expect(scopeKey(dispatcher, false)).toBe(scopeKey({ ...dispatcher, userId: 4 }, false)); // two dispatchers of one township
    expect(scopeKey(dispatcher, true)).not.toBe(scopeKey({ ...dispatcher, userId: 4 }, true)); // "mine" is personal
    expect(scopeKey({ ...dispatcher, role: 'department_officer', departmentId: 5 }, false)).not.toBe(
      scopeKey({ ...dispatcher, role: 'department_officer', departmentId: 6 }, false),
    );
  });
});
