// The scanners the bounds rest on: nesting depth measured on text without parsing it, and
// UTF-8 checked on chunks that may split a character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Check, jsonTextDepth, valueDepth, xmlTextDepth } from './bounds.js';

describe('input bounds scanners', () => {
  it('measure the depth of any JSON text as the parsed value has it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        expect(jsonTextDepth(text, 100)).toBe(valueDepth(JSON.parse(text), 100));
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(jsonTextDepth('{"a":"[[[[{{{{"}', 1)).toBe(1); // brackets in strings do not count
    expect(jsonTextDepth('{"a":"\\"[[["}', 1)).toBe(1);
    expect(jsonTextDepth('['.repeat(65), 64)).toBe(-1);
  });

  it('measure XML element depth past comments, CDATA, declarations and quoted ">"', () => {
    expect(xmlTextDepth('<?xml version="1.0"?><!-- <a><a> --><a x="1>2" y=\'<\'><b/><c><![CDATA[<d><d>]]></c></a>', 10)).toBe(2);
    expect(xmlTextDepth(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`, 64)).toBe(-1);
    expect(xmlTextDepth(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`, 64)).toBe(64);
  });

  it('accept valid UTF-8 however it is cut into chunks, and find the first bad byte wherever it falls', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 5 }), fc.option(fc.nat()), (s, cuts, badAt) => {
        const bytes = Buffer.from(s, 'utf8');
        let expected = -1;
        if (badAt !== null && bytes.length > 0) {
          // an invalid lead byte where a character begins
          let at = badAt % bytes.length;
          while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
          bytes[at] = 0xff;
          expected = at;
        }
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const check = new Utf8Check((offset) => new Error(String(offset)));
        let found = -1;
        try {
          let from = 0;
          for (const p of [...points, bytes.length]) {
            check.check(bytes.subarray(from, p));
            from = p;
          }
          check.finish();
        } catch (err) {
          found = Number((err as Error).message);
        }
        expect(found).toBe(expected);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
