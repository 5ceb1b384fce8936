// Photos arrive base64-encoded; only real images are kept, told by their first bytes
// (a name or a declared type proves nothing).
import { CaseError } from './model.js';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const MAX_PHOTOS = 6;

export function sniffImage(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return null;
}

export interface DecodedPhoto {
  mime: string;
  bytes: Buffer;
}

/** Decodes and checks every photo, or refuses them all saying which one and why. */
export function decodePhotos(photos: readonly string[], field = 'photos'): DecodedPhoto[] {
  if (photos.length > MAX_PHOTOS) throw new CaseError('invalid', { zh: `照片最多 ${MAX_PHOTOS} 张`, en: `at most ${MAX_PHOTOS} photos` }, { field });
  return photos.map((text, i) => {
    const base64 = text.replace(/^data:[^;,]*;base64,/, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
      throw new CaseError('invalid', { zh: `第 ${i + 1} 张照片不是 base64 编码`, en: `${field}[${i}] is not base64` }, { field: `${field}[${i}]` });
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > MAX_PHOTO_BYTES)
      throw new CaseError('too_large', { zh: `第 ${i + 1} 张照片超过 2 MB`, en: `${field}[${i}] is larger than 2 MB` }, { field: `${field}[${i}]`, bytes: bytes.length });
    const mime = sniffImage(bytes);
    if (!mime)
      throw new CaseError(
        'invalid',
        { zh: `第 ${i + 1} 张照片不是图片（须为 JPEG、PNG 或 WebP）`, en: `${field}[${i}] is not an image (JPEG, PNG or WebP)` },
        { field: `${field}[${i}]` },
      );
    return { mime, bytes };
  });
}
