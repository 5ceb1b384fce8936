// Printing a bundle: the unified application form and the commitment letter as PDF (A4,
// with a CJK font shipped through npm — Noto Sans Hans, GB2312 coverage, SIL OFL) and as an
// HTML print view. The font is read from the installed package, never downloaded.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeXml } from '../shared/xml.js';
import type * as Fontkit from 'fontkit';
import type PDFDocumentType from 'pdfkit';
import { CHECKED_AFTER_DECISION_LABEL, FIGURE_KEYS, FIGURE_LABELS, MATERIAL_DISPOSITION_LABELS, type BundleDraft, type BundleMaterial, type UnifiedField } from './model.js';

/** How the material list marks a material received now and checked after the decision. */
const checkedNote = (m: BundleMaterial) => (m.checkedAfterDecision ? `（${CHECKED_AFTER_DECISION_LABEL.zh}）` : '');

let fontDir: string | undefined;

/** Folder of the shipped CJK font files. */
export function cjkFontDir(): string {
  if (fontDir) return fontDir;
  const entry = fileURLToPath(import.meta.resolve('@embedpdf/fonts-sc'));
  fontDir = path.join(path.dirname(entry), '..', 'fonts');
  return fontDir;
}

// Parsed once per process: parsing the 8 MB font and its subroutines is most of a PDF's
// cost, and pdfkit takes a parsed fontkit font as well as the file's bytes.
const fontCache = new Map<string, Fontkit.Font>();

// pdfkit and fontkit are loaded on first use (together about half a second at start-up)
let libraries: Promise<{ fontkit: typeof Fontkit; PDFDocument: typeof PDFDocumentType }> | undefined;
function pdfLibraries(): Promise<{ fontkit: typeof Fontkit; PDFDocument: typeof PDFDocumentType }> {
  libraries ??= Promise.all([import('fontkit'), import('pdfkit')]).then(([fontkit, pdfkit]) => ({ fontkit, PDFDocument: pdfkit.default }));
  return libraries;
}

async function font(name: 'Regular'): Promise<Fontkit.Font> {
  const { fontkit } = await pdfLibraries();
  let f = fontCache.get(name);
  if (!f) {
    const parsed = fontkit.create(fs.readFileSync(path.join(cjkFontDir(), `NotoSansHans-${name}.otf`)));
    if (!('layout' in parsed)) throw new Error(`NotoSansHans-${name}.otf is a font collection, not a font`);
    fontCache.set(name, (f = parsed));
  }
  return f;
}

/** Text that exercises what every document prints: headings, wrapped paragraphs, numbers. */
const WARM_UP_TEXT =
  '一件事申请表告知承诺书：行政机关告知、申请人承诺、设定依据、证明义务、核查方式、不实承诺的法律责任、申请人声明。' +
  '《中华人民共和国建筑法》第八条第一款第（一）项 2026 年 12 月 1 日，单位：万元、平方米；统一社会信用代码 91370883MA3C5XY01K。';

/**
 * Parses the font and its subroutines and runs one small document through pdfkit ahead of
 * the first real one (about a second), so the first form or letter a server prints costs
 * what every later one does. Resolves to the milliseconds spent.
 */
export async function preparePrinting(): Promise<number> {
  const start = performance.now();
  const doc = await newDoc('warm-up', new Date());
  heading(doc, WARM_UP_TEXT.slice(0, 12));
  section(doc, WARM_UP_TEXT.slice(12, 30));
  doc.rect(56, doc.y, 200, 26).stroke('#999');
  doc.text(WARM_UP_TEXT, { indent: 12, paragraphGap: 3 });
  await toBuffer(doc);
  return performance.now() - start;
}

/** Characters of `text` the print font has no glyph for (they would print as empty boxes). */
export async function missingGlyphs(text: string): Promise<string[]> {
  const f = await font('Regular');
  const out = new Set<string>();
  for (const ch of text) if (!/\s/.test(ch) && !f.hasGlyphForCodePoint(ch.codePointAt(0)!)) out.add(ch);
  return [...out];
}

/** Every text a draft prints on its form and letter. */
export function printedText(draft: BundleDraft): string {
  const l = draft.letter;
  return [
    draft.form.title,
    ...draft.form.fields.flatMap((f) => [f.label, fieldHint(f)]),
    ...draft.materials.map((m) => `${m.name}${m.conditions.join('')}`),
    l.title,
    l.basis.document,
    ...l.notice.map((n) => n.zh),
    ...l.commitments.flatMap((c) => [c.proof, c.content.zh, c.duty.zh, c.verification.zh, ...c.legalBases.map((b) => `${b.document}${b.article}`)]),
    l.consequences.zh,
    l.declaration.zh,
    CHECKED_AFTER_DECISION_LABEL.zh,
    '申请人（签章）：法定代表人（签字）日期年月日随表提交的材料免于提交（数据共享获取）一、二、三、四、五、行政机关告知申请人承诺不适用告知承诺仍须提交的材料不实承诺的法律责任申请人声明设定依据证明义务核查方式合并事项项（一表申请，一次提交）无（其余材料通过数据共享获取或以告知承诺书替代）＊',
  ].join('\n');
}

const TYPE_HINTS: Record<UnifiedField['type'], string> = {
  text: '',
  number: '数字',
  date: '年  月  日',
  boolean: '□是  □否',
  enum: '',
  id_number: '18 位身份证号码',
  uscc: '18 位统一社会信用代码',
  phone: '',
  address: '',
  area: '',
  money: '',
};

function fieldHint(f: UnifiedField): string {
  if (f.type === 'enum' && f.options.length) return f.options.map((o) => `□${o}`).join('  ');
  return [TYPE_HINTS[f.type], f.unit ? `单位：${f.unit}` : ''].filter(Boolean).join('  ');
}

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * A PDF with the platform's fonts. `createdAt` is the document's real creation date from the
 * platform clock (a bundle version's, a notice's issue time, the request time), never a fixed
 * one: callers pass it, so a virtual clock dates its documents too.
 */
export async function newDoc(title: string, createdAt: Date): Promise<PDFKit.PDFDocument> {
  if (Number.isNaN(createdAt.getTime())) throw new RangeError('a PDF needs a real creation date');
  const { PDFDocument } = await pdfLibraries();
  const regular = await font('Regular');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Creator: 'Zaizao', CreationDate: createdAt } });
  // One face only: headings are the regular face filled and stroked (a second face would
  // double the font work of every document).
  doc.registerFont('cjk', regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('cjk').lineWidth(0.35);
  return doc;
}

export function heading(doc: PDFKit.PDFDocument, text: string, size = 18): void {
  doc.fontSize(size).text(text, { align: 'center', stroke: true, fill: true }).moveDown(0.6).fontSize(10.5);
}

export function section(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.5).fontSize(12).text(text, { stroke: true, fill: true }).moveDown(0.3).fontSize(10.5);
}

/** The unified application form, ready to fill in by hand. */
export async function renderFormPdf(draft: BundleDraft, createdAt: Date = new Date()): Promise<Buffer> {
  const doc = await newDoc(draft.form.title, createdAt);
  heading(doc, draft.form.title);
  doc.fontSize(9).fillColor('#555').text(`合并事项：${draft.matterCodes.length} 项（一表申请，一次提交）`, { align: 'center' }).fillColor('#000').moveDown(0.8);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelW = 150;
  doc.fontSize(10.5);
  for (const f of draft.form.fields) {
    const label = `${f.required ? '＊' : ''}${f.label}`;
    const hint = fieldHint(f);
    const h = Math.max(26, doc.heightOfString(hint || ' ', { width: width - labelW - 12 }) + 12);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    doc.rect(left, y, labelW, h).stroke('#999');
    doc.rect(left + labelW, y, width - labelW, h).stroke('#999');
    doc.fillColor('#000').text(label, left + 6, y + 7, { width: labelW - 12 });
    if (hint) doc.fillColor('#888').text(hint, left + labelW + 6, y + 7, { width: width - labelW - 12 });
    doc.fillColor('#000');
    doc.x = left;
    doc.y = y + h;
  }
  section(doc, '随表提交的材料');
  const submit = draft.materials.filter((m) => m.disposition === 'submit');
  if (submit.length === 0) doc.text('无（其余材料通过数据共享获取或以告知承诺书替代）');
  submit.forEach((m, i) => doc.text(`${i + 1}. ${m.name}${m.required ? '' : `（${m.conditions.join('；') || '视情提交'}）`}${checkedNote(m)}`));
  if (draft.letter.commitments.length) doc.text(`${submit.length + 1}. ${draft.letter.title}`);
  const shared = draft.materials.filter((m) => m.disposition === 'shared');
  if (shared.length) {
    section(doc, '免于提交（数据共享获取）');
    doc.text(shared.map((m) => m.name).join('、'));
  }
  doc.moveDown(1.5).text('申请人（签章）：                          日期：      年    月    日');
  return toBuffer(doc);
}

/** The commitment letter (告知承诺书). */
export async function renderLetterPdf(draft: BundleDraft, createdAt: Date = new Date()): Promise<Buffer> {
  const letter = draft.letter;
  const doc = await newDoc(letter.title, createdAt);
  heading(doc, letter.title);
  doc.fontSize(9).fillColor('#555').text(`依据${letter.basis.document}`, { align: 'center' }).fillColor('#000').moveDown(0.8).fontSize(10.5);
  section(doc, '一、行政机关告知');
  letter.notice.forEach((n, i) => doc.text(`（${i + 1}）${n.zh}`, { paragraphGap: 3 }));
  section(doc, '二、申请人承诺');
  for (const c of letter.commitments) {
    doc.text(`${c.no}. ${c.proof}`, { stroke: true, fill: true });
    doc.text(c.content.zh, { indent: 12, paragraphGap: 2 });
    doc.text(`设定依据：${c.legalBases.map((b) => `${b.document}${b.article}`).join('；') || '—'}`, { indent: 12, paragraphGap: 2 });
    doc.text(`证明义务：${c.duty.zh}`, { indent: 12, paragraphGap: 2 });
    doc.text(`核查方式：${c.verification.zh}`, { indent: 12, paragraphGap: 6 });
  }
  if (letter.excluded.length) {
    section(doc, '三、不适用告知承诺、仍须提交的材料');
    doc.text(`${letter.excluded.map((e) => `${e.name}${e.checkedAfterDecision ? `（${CHECKED_AFTER_DECISION_LABEL.zh}）` : ''}`).join('、')}（属国办发〔2020〕42号排除的范围）`);
  }
  section(doc, `${letter.excluded.length ? '四' : '三'}、不实承诺的法律责任`);
  doc.text(letter.consequences.zh);
  section(doc, `${letter.excluded.length ? '五' : '四'}、申请人声明`);
  doc.text(letter.declaration.zh);
  doc.moveDown(2).text('申请人（签章）：                          法定代表人（签字）：');
  doc.moveDown(1).text('日期：      年    月    日');
  return toBuffer(doc);
}

// ---------------------------------------------------------------------------------
// HTML print view

const esc = escapeXml;

const PRINT_CSS = `
  @page { size: A4; margin: 18mm; }
  body { font-family: "Noto Sans SC", "Noto Sans Hans", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 11pt; color: #000; max-width: 180mm; margin: 0 auto; }
  h1 { text-align: center; font-size: 18pt; margin: 0 0 4pt; }
  h2 { font-size: 12pt; margin: 14pt 0 6pt; }
  .sub { text-align: center; color: #555; font-size: 9pt; margin-bottom: 12pt; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #999; padding: 6pt; vertical-align: top; text-align: left; }
  th { width: 40%; font-weight: normal; }
  .hint { color: #888; }
  .sign { margin-top: 28pt; }
  @media print { .noprint { display: none; } }
`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PRINT_CSS}</style></head><body>${body}<p class="noprint"><button onclick="window.print()">打印</button></p></body></html>\n`;
}

export function renderFormHtml(draft: BundleDraft): string {
  const rows = draft.form.fields.map((f) => `<tr><th>${f.required ? '＊' : ''}${esc(f.label)}</th><td class="hint">${esc(fieldHint(f))}</td></tr>`).join('');
  const submit = draft.materials.filter((m) => m.disposition === 'submit');
  const items = [...submit.map((m) => esc(`${m.name}${checkedNote(m)}`)), ...(draft.letter.commitments.length ? [esc(draft.letter.title)] : [])];
  const shared = draft.materials.filter((m) => m.disposition === 'shared').map((m) => esc(m.name));
  const body = `<h1>${esc(draft.form.title)}</h1><div class="sub">合并事项 ${draft.matterCodes.length} 项（一表申请，一次提交）</div>
<table>${rows}</table>
<h2>随表提交的材料</h2><ol>${items.map((i) => `<li>${i}</li>`).join('')}</ol>
${shared.length ? `<h2>免于提交（数据共享获取）</h2><p>${shared.join('、')}</p>` : ''}
<p class="sign">申请人（签章）：＿＿＿＿＿＿＿＿　　日期：　　年　　月　　日</p>`;
  return page(draft.form.title, body);
}

export function renderLetterHtml(draft: BundleDraft): string {
  const l = draft.letter;
  const commitments = l.commitments
    .map(
      (c) =>
        `<li><strong>${esc(c.proof)}</strong><p>${esc(c.content.zh)}</p><p>设定依据：${esc(c.legalBases.map((b) => `${b.document}${b.article}`).join('；') || '—')}</p><p>证明义务：${esc(c.duty.zh)}</p><p>核查方式：${esc(c.verification.zh)}</p></li>`,
    )
    .join('');
  const body = `<h1>${esc(l.title)}</h1><div class="sub">依据${esc(l.basis.document)}</div>
<h2>一、行政机关告知</h2><ol>${l.notice.map((n) => `<li>${esc(n.zh)}</li>`).join('')}</ol>
<h2>二、申请人承诺</h2><ol>${commitments}</ol>
${l.excluded.length ? `<h2>不适用告知承诺、仍须提交的材料</h2><p>${esc(l.excluded.map((e) => `${e.name}${e.checkedAfterDecision ? `（${CHECKED_AFTER_DECISION_LABEL.zh}）` : ''}`).join('、'))}（属国办发〔2020〕42号排除的范围）</p>` : ''}
<h2>不实承诺的法律责任</h2><p>${esc(l.consequences.zh)}</p>
<h2>申请人声明</h2><p>${esc(l.declaration.zh)}</p>
<p class="sign">申请人（签章）：＿＿＿＿＿＿＿＿　　法定代表人（签字）：＿＿＿＿＿＿</p><p>日期：　　年　　月　　日</p>`;
  return page(l.title, body);
}

/** The before/after table as HTML rows (for the print view of the draft). */
export function renderFiguresHtml(draft: BundleDraft): string {
  const keys = [...FIGURE_KEYS, 'commitmentLetters' as const];
  const rows = keys
    .map((k) => `<tr><th>${esc(FIGURE_LABELS[k].zh)}</th><td>${k === 'commitmentLetters' ? '—' : (draft.before[k] ?? '—')}</td><td>${draft.after[k] ?? '—'}</td></tr>`)
    .join('');
  const materials = draft.materials.map((m) => `<tr><td>${esc(m.name)}</td><td>${esc(MATERIAL_DISPOSITION_LABELS[m.disposition].zh + checkedNote(m))}</td></tr>`).join('');
  return page(
    `${draft.name}：再造前后对比`,
    `<h1>${esc(draft.name)}</h1><div class="sub">再造前后对比</div><table><tr><th></th><td>再造前</td><td>再造后</td></tr>${rows}</table><h2>材料去向</h2><table>${materials}</table>`,
  );
}
