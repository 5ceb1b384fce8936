// Material files: the type is told by the content (magic bytes), never by the name or the
// header the client sent; a file is kept once, addressed by its SHA-256. Pure.
import crypto from 'node:crypto';
import { WindowError } from './model.js';

export const ACCEPTED_TYPES = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

/** 20 MB a file unless `ZAIZAO_WINDOW_MAX_FILE_MB` says otherwise. */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.ZAIZAO_WINDOW_MAX_FILE_MB ?? 20);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : 20 * 1024 * 1024;
}

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/**
 * The type of a file from its first bytes: PDF (`%PDF-`), OFD (a ZIP whose first entry is
 * `OFD.xml`, GB/T 33190), JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A); null otherwise.
 */
export function sniffType(bytes: Uint8Array): AcceptedType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) && bytes.length >= 30) {
    const nameLength = bytes[26] | (bytes[27] << 8);
    const name = Buffer.from(bytes.subarray(30, 30 + nameLength)).toString('latin1');
    if (/^(\.\/)?OFD\.xml$/i.test(name)) return 'application/ofd';
  }
  return null;
}

export const sha256Hex = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** The same hash computed in libuv's thread pool (Web Crypto), not on the event loop every request waits for. */
export const sha256HexOffLoop = async (bytes: Uint8Array): Promise<string> => Buffer.from(await crypto.webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');

/** Checks a material file; throws WindowError naming the material when it is refused. */
export function checkFile(materialCode: string, bytes: Uint8Array, limit = maxFileBytes()): { mediaType: AcceptedType; sha256: string; size: number } {
  return { ...checkFileContent(materialCode, bytes, limit), sha256: sha256Hex(bytes) };
}

/** checkFile's checks without the hash (for a caller that hashes off the event loop). */
export function checkFileContent(materialCode: string, bytes: Uint8Array, limit = maxFileBytes()): { mediaType: AcceptedType; size: number } {
  if (bytes.length === 0) throw new WindowError('invalid', { zh: `材料 ${materialCode} 的文件为空`, en: `the file for material ${materialCode} is empty` }, { materialCode });
  if (bytes.length > limit) {
    throw new WindowError(
      'too_large',
      { zh: `材料 ${materialCode} 的文件超过 ${Math.round(limit / 1048576)} MB`, en: `the file for material ${materialCode} exceeds ${Math.round(limit / 1048576)} MB` },
      { materialCode, limit, size: bytes.length },
    );
  }
  const mediaType = sniffType(bytes);
  if (!mediaType) {
    throw new WindowError(
      'unsupported_type',
      { zh: `材料 ${materialCode} 的文件不是 PDF、OFD、JPEG 或 PNG`, en: `the file for material ${materialCode} is not a PDF, OFD, JPEG or PNG file` },
      { materialCode, accepted: ACCEPTED_TYPES },
    );
  }
  return { mediaType, size: bytes.length };
}
