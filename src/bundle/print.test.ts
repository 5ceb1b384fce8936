import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCatalogue, DEMO_SETS } from '../catalogue/demo/index.js';
import { createBundleDraft } from './merge.js';
import { cjkFontDir, missingGlyphs, printedText, renderFiguresHtml, renderFormHtml, renderFormPdf, renderLetterHtml, renderLetterPdf } from './print.js';

const draft = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });

describe('printing', () => {
  it('ships the CJK font with the installed packages', () => {
    expect(fs.existsSync(path.join(cjkFontDir(), 'NotoSansHans-Regular.otf'))).toBe(true);
  });

  it('prints the form and the letter as PDF with the CJK font embedded as a subset', async () => {
    for (const pdf of [await renderFormPdf(draft), await renderLetterPdf(draft)]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
      expect(text).toContain('/FontFile3');
      // A ToUnicode map, so the Chinese text can be searched and copied.
      expect(text).toContain('/ToUnicode');
    }
  });

  it('has a glyph for every character the demo bundles print, and names those it lacks', async () => {
    const business = createBundleDraft(demoCatalogue(), { name: '企业开办一件事', matterCodes: DEMO_SETS['business-startup'] });
    expect(await missingGlyphs(printedText(draft) + printedText(business))).toEqual([]);
    // Outside GB2312 (an Extension B character, an emoji): reported, not silently boxed.
    expect(await missingGlyphs('王𠀀😀')).toEqual(['𠀀', '😀']);
  });

  it('gives the same bytes for the same draft version, dated when that version was made', async () => {
    const made = new Date('2026-03-02T09:30:00+08:00');
    const pdf = await renderLetterPdf(draft, made);
    expect(pdf.equals(await renderLetterPdf(draft, made))).toBe(true);
    expect(pdf.toString('latin1')).toMatch(/D:20260302013000Z/); // the creation date (UTC), not 1970
  });

  it('prints HTML views with every field, every commitment and the 42号 consequences, escaped', () => {
    const form = renderFormHtml(draft);
    for (const f of draft.form.fields) expect(form).toContain(f.label);
    expect(form).toContain('<html lang="zh-CN">');
    const letter = renderLetterHtml(draft);
    for (const c of draft.letter.commitments) expect(letter).toContain(c.proof);
    expect(letter).toContain('国办发〔2020〕42号');
    expect(letter).toContain('纳入申请人的信用记录');
    const evil = { ...draft, form: { ...draft.form, title: '<script>x</script>' } };
    expect(renderFormHtml(evil)).not.toContain('<script>x');
    expect(renderFiguresHtml(draft)).toContain('承诺书');
  });

  it('marks the documents received now and checked after the decision, and tells the applicant in the notice', () => {
    const form = renderFormHtml(draft);
    expect(form).toContain('<li>保证工程质量和安全的具体措施（收件备查，决定后事中事后核查）</li>');
    expect(form).toContain('<li>危险性较大的分部分项工程清单（收件备查，决定后事中事后核查）</li>');
    const letter = renderLetterHtml(draft);
    expect(letter).toMatch(/<li>收件备查：「保证工程质量和安全的具体措施」、「危险性较大的分部分项工程清单」随申请一并提交，不以承诺替代；[^<]*国办发〔2019〕11号/);
    // They are not commitments.
    const commitments = letter.slice(letter.indexOf('二、申请人承诺'), letter.indexOf('不适用告知承诺'));
    expect(commitments).not.toContain('危险性较大');
    expect(renderFiguresHtml(draft)).toContain('<td>申请人提交（收件备查，决定后事中事后核查）</td>');
  });
});
