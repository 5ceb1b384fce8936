// Catalogue files that are bombs, not catalogues: nesting 20,000 deep, YAML aliases that
// expand exponentially, texts of megabytes. Each is a problem naming the limit, never a crash.
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../demo/index.js';
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../limits.js';
import { MAX_PROBLEMS, readCatalogue, writeCatalogue } from './index.js';

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('catalogue file bounds', () => {
  it('refuses JSON and YAML nested deeper than the limit, naming it', async () => {
    for (const [text, format] of [
      [`{"regionCode":"370883","departments":[],"matters":[${deep(20000)}]}`, 'json'],
      [`{"regionCode":"370883","departments":[],"matters":[{"code":"A","name":${deep(20000)}}]}`, 'json'],
      [`regionCode: "370883"\nmatters: ${deep(20000)}\n`, 'yaml'],
    ] as const) {
      const out = await readCatalogue(text, format);
      expect(out.catalogue).toBeNull();
      expect(out.problems).toEqual([
        expect.objectContaining({ sheet: 'file', reason: expect.objectContaining({ en: expect.stringContaining('limit of 64 levels (ZAIZAO_MAX_DEPTH)') }) }),
      ]);
    }
  });

  it('refuses a YAML alias bomb as a problem', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
    ])
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    const out = await readCatalogue(`${levels.join('\n')}\nmatters: [*f]\n`, 'yaml');
    expect(out.catalogue).toBeNull();
    expect(out.problems[0].reason.en).toContain('alias');
  });

  it('refuses a 10 MB matter name and an over-long provision, naming the property, the length and the limit', async () => {
    const cat = demoCatalogue();
    cat.matters[0].name = '名'.repeat(10 * 1024 * 1024);
    cat.matters[1].legalBases[0].text = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    for (const format of ['json', 'csv', 'xlsx'] as const) {
      const out = await readCatalogue(await writeCatalogue(cat, format), format);
      expect(out.catalogue, format).toBeNull();
      const name = out.problems.find((p) => /name/.test(p.column) && p.sheet === 'matters')!;
      expect(name.reason.en).toBe(`name is too long: ${10 * 1024 * 1024} characters, at most ${MAX_NAME_LENGTH}`);
      expect(name.value.length).toBeLessThan(300);
      expect(out.problems.some((p) => p.reason.en === `text is too long: ${MAX_TEXT_LENGTH + 1} characters, at most ${MAX_TEXT_LENGTH}`)).toBe(true);
    }
  });

  it('refuses an xlsx whose shared strings are not UTF-8, naming the part and the byte', async () => {
    const { zip } = await import('../../../test/support/zip.js');
    const xlsx = await writeCatalogue(demoCatalogue(), 'xlsx');
    const { default: JSZip } = await import('jszip');
    const book = await JSZip.loadAsync(xlsx);
    const parts = await Promise.all(
      Object.keys(book.files)
        .filter((n) => !book.files[n].dir)
        .map(async (name) => ({ name, data: Buffer.from(await book.file(name)!.async('uint8array')) })),
    );
    const strings = parts.find((p) => p.name === 'xl/sharedStrings.xml')!;
    const at = strings.data.indexOf(Buffer.from('行政'));
    strings.data[at + 1] = 0xff;
    const out = await readCatalogue(zip(parts), 'xlsx');
    expect(out.catalogue).toBeNull();
    expect(out.problems).toEqual([
      expect.objectContaining({
        sheet: 'file',
        column: 'xl/sharedStrings.xml',
        value: String(at + 1),
        reason: expect.objectContaining({ en: `the xlsx file's xl/sharedStrings.xml is not valid UTF-8 (byte ${at + 1})` }),
      }),
    ]);
  });

  it('lists up to 10,000 problems and counts the rest', async () => {
    const csv = (await writeCatalogue(demoCatalogue(), 'csv')).toString('utf8').split('\r\n');
    const heading = csv.indexOf('[matters]') + 1;
    const bad = Array.from({ length: 12_000 }, (_, i) => `M${i},cut short`); // each row a problem
    const out = await readCatalogue([...csv.slice(0, heading + 1), ...bad, ...csv.slice(heading + 1)].join('\r\n'), 'csv');
    expect(out.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(out.problems.at(-1)!.reason.en).toMatch(/^\d+ more problem\(s\) not listed \(at most 10000 are listed\)$/);
  });

  it('accepts the demo and generated catalogues as they are (the limits leave room for real lists)', async () => {
    const out = await readCatalogue(await writeCatalogue(demoCatalogue(), 'json'), 'json');
    expect(out.problems).toEqual([]);
  });
});
