// The notice's rating link: signed, expiring, and refused when altered.
import { describe, expect, it } from 'vitest';
import { checkLink, signLink } from './link.js';

const secret = 'a'.repeat(64);
const claims = { kind: 'instance' as const, id: 'i-1', rater: 'applicant', exp: Date.parse('2026-12-16T00:00:00Z') / 1000 };

describe('rating links', () => {
  it('carries its claims until it expires', () => {
    const token = signLink(claims, secret);
    expect(checkLink(token, secret, new Date('2026-12-15T23:59:59Z'))).toEqual(claims);
    expect(() => checkLink(token, secret, new Date('2026-12-16T00:00:01Z'))).toThrow(expect.objectContaining({ code: 'link_expired' }));
  });
  it('is refused when altered, signed with another key, or malformed', () => {
    const token = signLink(claims, secret);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, rater: 'applicant2' })).toString('base64url')}.${signature}`;
    const now = new Date('2026-12-01T00:00:00Z');
    for (const bad of [forged, signLink(claims, 'b'.repeat(64)), 'x', `${token}.x`, `${token.slice(0, -2)}AA`, 'a'.repeat(2000)]) {
      expect(() => checkLink(bad, secret, now)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });
});
