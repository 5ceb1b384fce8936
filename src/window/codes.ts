// Numbers the window gives out: the receipt number (printed, public), the query code (told
// only to the applicant; stored as a hash, so a copy of the database cannot answer a tracking
// request), and the verification code of a result (printed with its QR code, 80 random bits:
// it cannot be guessed, and a code altered by one character names no certificate). Pure.
import crypto from 'node:crypto';

/** 受理编号: region, date, and a sequence number of the application. */
export function receiptNo(regionCode: string, date: string, applicationId: number): string {
  return `${regionCode.slice(0, 6)}${date.replaceAll('-', '')}${String(applicationId).padStart(6, '0')}`;
}

// Letters and digits that cannot be mistaken for one another when read aloud or typed.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomCode(length: number, random: (n: number) => Buffer = crypto.randomBytes): string {
  const bytes = random(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** A query code of 8 characters (40 bits). */
export const newQueryCode = (random?: (n: number) => Buffer) => randomCode(8, random);
/** A verification code of 16 characters (80 bits): guessing one is hopeless. */
export const newVerificationCode = (random?: (n: number) => Buffer) => randomCode(16, random);

export const hashCode = (code: string): string => crypto.createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** Compares a presented query code with the stored hash in constant time. */
export function queryCodeMatches(presented: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashCode(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Verification codes look like this; anything else is refused before the database is asked. */
export const VERIFICATION_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{16}$/;
