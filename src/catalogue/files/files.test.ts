import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../demo/index.js';
import { generateCatalogue } from '../generate.js';
import { FILE_FORMATS, formatOf, readCatalogue, readCatalogueFile, writeCatalogue, writeTemplate } from './index.js';
import { writeCsv } from './csv.js';
import { writeJson } from './document.js';

const demo = demoCatalogue();

describe('catalogue files: export then import is lossless', () => {
  for (const format of FILE_FORMATS) {
    it(`${format}: the demo catalogue`, async () => {
      const data = await writeCatalogue(demo, format);
      const back = await readCatalogue(data, format);
      expect(back.problems).toEqual([]);
      expect(back.catalogue).toEqual(demo);
    });
    it(`${format}: a generated catalogue of 120 matters`, async () => {
      const cat = generateCatalogue({ matters: 120, departments: 30, seed: 5 });
      const back = await readCatalogue(await writeCatalogue(cat, format), format);
      expect(back.problems).toEqual([]);
      expect(back.catalogue).toEqual(cat);
    });
  }

  it('keeps texts with commas, quotes, line breaks and surrounding spaces', async () => {
    const cat = demoCatalogue();
    cat.matters[0].legalBases[0].text = ' 第一款，"引号"\n第二款 ';
    cat.matters[0].materials[0].condition = '需要时,提交';
    cat.matters[0].materials[0].requirement = 'conditional';
    for (const format of FILE_FORMATS) {
      const back = await readCatalogue(await writeCatalogue(cat, format), format);
      expect(back.catalogue, format).toEqual(cat);
    }
  });
});

describe('catalogue files: values that look like something else stay what they are', () => {
  it('keeps texts such as null, true, 是, 0123, 1e5, "- item", "# note" and "a: b" as texts in every format', async () => {
    const cat = demoCatalogue();
    const tricky = ['null', 'true', '是', '0123', '1e5', '- item', '# note', 'a: b', '=SUM(A1)', '   ', '\t'];
    const m = cat.matters[0];
    m.fee = { charged: true, standard: tricky[0], basis: tricky[1] };
    m.result.name = tricky[2];
    m.materials[0].legalBases = tricky.map((t) => ({ document: `《${t}》`, article: t, text: t }));
    m.steps[0].role = tricky[3];
    m.steps[0].stamps = ['0123', '1e5'];
    m.formFields[0].unit = tricky[4];
    m.formFields[0].options = ['- item', 'a: b'];
    m.formFields[0].type = 'enum';
    m.statutoryDays = null;
    m.promisedDays = 0.5;
    for (const format of FILE_FORMATS) {
      const back = await readCatalogue(await writeCatalogue(cat, format), format);
      expect(back.problems, format).toEqual([]);
      expect(back.catalogue, format).toEqual(cat);
    }
  });
});

describe('catalogue files: formats by extension', () => {
  it('recognises the extensions', () => {
    expect(formatOf('清单.XLSX')).toBe('xlsx');
    expect(formatOf('a.yml')).toBe('yaml');
    expect(formatOf('a.txt')).toBeNull();
  });

  it('refuses an unknown extension', async () => {
    const res = await readCatalogueFile('x', 'list.docx');
    expect(res.catalogue).toBeNull();
    expect(res.problems[0].reason.en).toMatch(/unsupported file type/);
  });
});

async function xlsxWith(edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeCatalogue(demo, 'xlsx')) as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('catalogue files: import is all-or-nothing and lists every problem', () => {
  it('reports each bad cell with sheet, row, column, value and reasons in both languages', async () => {
    const data = await xlsxWith((wb) => {
      const matters = wb.getWorksheet('matters')!;
      matters.getRow(2).getCell(3).value = '行政批准'; // kind
      matters.getRow(3).getCell(6).value = '两天'; // promised_days
      const steps = wb.getWorksheet('steps')!;
      steps.getRow(4).getCell(11).value = 'S99'; // depends_on: unknown step
      const materials = wb.getWorksheet('materials')!;
      materials.getRow(2).getCell(11).value = '政府部门核发';
      materials.getRow(2).getCell(12).value = 'NOPE'; // unknown department
    });
    const res = await readCatalogue(data, 'xlsx');
    expect(res.catalogue).toBeNull();
    const brief = res.problems.map((p) => [p.sheet, p.row, p.column, p.value]);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['matters', 2, 'kind', '行政批准'],
        ['matters', 3, 'promised_days', '两天'],
      ]),
    );
    for (const p of res.problems) {
      expect(p.reason.zh.length).toBeGreaterThan(0);
      expect(p.reason.en.length).toBeGreaterThan(0);
    }
    expect(res.problems.find((p) => p.column === 'kind')!.reason.zh).toContain('行政许可');
  });

  it('checks references once every cell is well-formed', async () => {
    const data = await xlsxWith((wb) => {
      wb.getWorksheet('steps')!.getRow(4).getCell(11).value = 'S99';
      wb.getWorksheet('materials')!.getRow(2).getCell(12).value = 'NOPE';
      wb.getWorksheet('prerequisites')!.getRow(3).getCell(2).value = '370883-XX-404'; // a prerequisite without legal bases
    });
    const res = await readCatalogue(data, 'xlsx');
    expect(res.catalogue).toBeNull();
    expect(res.problems.map((p) => [p.sheet, p.row, p.column, p.value])).toEqual([
      ['materials', 2, 'source_department_code', 'NOPE'],
      ['steps', 4, 'depends_on', 'S99'],
      ['steps', 4, 'needs_result_of', 'S02'],
      ['prerequisites', 3, 'prerequisite_code', '370883-XX-404'],
    ]);
  });

  it('locates problems in JSON by path', async () => {
    const doc = JSON.parse(writeJson(demo));
    doc.matters[1].materials[2].source.kind = 'somebody';
    doc.matters[3].steps[1].workdays = -1;
    doc.matters[4].extra = true;
    const res = await readCatalogue(JSON.stringify(doc), 'json');
    expect(res.catalogue).toBeNull();
    expect(res.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['matters', 2, 'materials[2].source.kind'],
      ['matters', 4, 'steps[1].workdays'],
      ['matters', 5, 'extra'],
    ]);
  });

  it('takes enumerations in JSON and YAML by their Chinese or English labels, as the spreadsheets do, and lists the allowed labels when one is wrong', async () => {
    const doc = JSON.parse(writeJson(demo));
    doc.matters[0].kind = '行政确认';
    doc.matters[0].steps[1].kind = '现场勘验';
    doc.matters[1].kind = 'Administrative filing';
    doc.matters[1].materials[0].requirement = '必要';
    for (const [text, format] of [
      [JSON.stringify(doc), 'json'],
      [YAML.stringify(doc), 'yaml'],
    ] as const) {
      const res = await readCatalogue(text, format);
      expect(res.problems, format).toEqual([]);
      expect(res.catalogue!.matters[0].kind).toBe('confirmation');
      expect(res.catalogue!.matters[0].steps[1].kind).toBe('site_inspection');
      expect(res.catalogue!.matters[1].kind).toBe('filing');
    }
    doc.matters[0].kind = '行政审核';
    const bad = await readCatalogue(JSON.stringify(doc), 'json');
    expect(bad.catalogue).toBeNull();
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ sheet: 'matters', row: 1, column: 'kind', value: '行政审核' });
    expect(bad.problems[0].reason.zh).toContain('confirmation（行政确认）');
  });

  it('locates CSV problems by line', async () => {
    const csv = writeCsv(demo);
    const lines = csv.split('\r\n');
    const matterHeader = lines.indexOf('[matters]') + 1; // heading line (0-based index)
    const firstRow = lines[matterHeader + 1].split(',');
    firstRow[6] = '-3'; // visits
    lines[matterHeader + 1] = firstRow.join(',');
    const res = await readCatalogue(lines.join('\r\n'), 'csv');
    expect(res.problems.map((p) => [p.sheet, p.row, p.column, p.value])).toEqual([['matters', matterHeader + 2, 'visits', '-3']]);
  });

  it('reads a plain CSV of matters alone, against the departments that exist', async () => {
    const lines = writeCsv(demo)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const start = lines.indexOf('[matters]');
    const matters = lines.slice(start + 1, lines.indexOf('', start));
    const departments = new Map(demo.departments.map((d) => [d.code, d.regionCode]));
    const res = await readCatalogue(matters.join('\r\n'), 'csv', { regionCode: '370883', departments });
    expect(res.problems).toEqual([]);
    expect(res.catalogue!.regionCode).toBe('370883');
    expect(res.catalogue!.matters.map((m) => [m.code, m.name, m.materials.length])).toEqual(demo.matters.map((m) => [m.code, m.name, 0]));
    const unknown = await readCatalogue(matters.join('\r\n'), 'csv', { regionCode: '370883' });
    expect(unknown.problems[0]).toMatchObject({ sheet: 'matters', row: 2, column: 'department_code', value: 'XZSP' });
  });

  it('reads the headings local spreadsheets use for the same columns', async () => {
    const data = await xlsxWith((wb) => {
      const row = wb.getWorksheet('matters')!.getRow(1);
      row.getCell(1).value = '事项编码';
      row.getCell(6).value = '承诺时限';
      row.getCell(7).value = '跑动次数';
      row.getCell(12).value = '办理结果';
    });
    const res = await readCatalogue(data, 'xlsx');
    expect(res.problems).toEqual([]);
    expect(res.catalogue).toEqual(demo);
  });

  it('takes department names where a spreadsheet names the department instead of coding it', async () => {
    const names = new Map(
      demo.departments.flatMap(
        (d) =>
          [
            [d.name, d.code],
            [`邹城市${d.name}`, d.code],
          ] as Array<[string, string]>,
      ),
    );
    const byCode = new Map(demo.departments.map((d) => [d.code, d.name]));
    const data = await xlsxWith((wb) => {
      const matters = wb.getWorksheet('matters')!;
      matters.eachRow((row, n) => {
        if (n > 1) row.getCell(4).value = `邹城市${byCode.get(String(row.getCell(4).value))}`;
      });
      const steps = wb.getWorksheet('steps')!;
      steps.eachRow((row, n) => {
        if (n > 1) row.getCell(5).value = byCode.get(String(row.getCell(5).value))!;
      });
    });
    const res = await readCatalogue(data, 'xlsx', { departmentNames: names });
    expect(res.problems).toEqual([]);
    expect(res.catalogue).toEqual(demo);
    const without = await readCatalogue(data, 'xlsx');
    expect(without.problems[0]).toMatchObject({ sheet: 'matters', column: 'department_code', value: '邹城市行政审批服务局' });
  });

  it('reports duplicate codes, missing sheets and unknown columns', async () => {
    const data = await xlsxWith((wb) => {
      wb.getWorksheet('matters')!.getRow(3).getCell(1).value = wb.getWorksheet('matters')!.getRow(2).getCell(1).value;
      wb.getWorksheet('form_fields')!.getRow(1).getCell(9).value = '备注';
      wb.removeWorksheet(wb.getWorksheet('catalogue')!.id);
      wb.addWorksheet('Sheet1'); // blank: ignored
      wb.addWorksheet('草稿').getCell('A1').value = '备注';
    });
    const res = await readCatalogue(data, 'xlsx');
    const reasons = res.problems.map((p) => `${p.sheet}:${p.column}:${p.reason.en}`);
    expect(reasons).toEqual(
      expect.arrayContaining(['catalogue::sheet catalogue is missing', expect.stringMatching(/^form_fields:备注:unknown column/), expect.stringMatching(/^草稿::unknown sheet/)]),
    );
    expect(res.problems.some((p) => p.sheet === 'Sheet1')).toBe(false);
  });
});

describe('the xlsx template', () => {
  it('has the instructions sheet and every sheet with its headings, and imports as an empty catalogue problem-free once the region is filled', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      'catalogue',
      'departments',
      'matters',
      'materials',
      'steps',
      'prerequisites',
      'form_fields',
      'routes',
      'dictionary_materials',
      'dictionary_fields',
      'legal_bases',
    ]);
    expect(wb.getWorksheet('matters')!.getRow(1).getCell(1).value).toBe('实施编码');
    wb.getWorksheet('catalogue')!.getRow(2).getCell(1).value = '370883';
    const res = await readCatalogue(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(res.problems).toEqual([]);
    expect(res.catalogue).toEqual({ regionCode: '370883', departments: [], matters: [] });
  });
});

describe('catalogue files: a material received now and checked after the decision (收件备查)', () => {
  const materialRows = demo.matters.flatMap((m) => m.materials.map((x) => ({ matter: m.code, material: x })));
  const rowOf = (matter: string, id: string) => materialRows.findIndex((r) => r.matter === matter && r.material.id === id) + 2; // heading is row 1
  const column = (ws: ExcelJS.Worksheet, key: string) => {
    let found = 0;
    ws.getRow(1).eachCell((cell, n) => {
      if (
        cell.value ===
        {
          post_decision_check: '收件备查（事中事后核查）',
          post_decision_check_document: '收件备查依据文件',
          post_decision_check_article: '收件备查依据条款',
          post_decision_check_text: '收件备查依据条文',
        }[key]
      )
        found = n;
    });
    if (!found) throw new Error(`no column ${key}`);
    return found;
  };
  const withoutCheck = () => {
    const cat = demoCatalogue();
    for (const m of cat.matters) for (const x of m.materials) x.postDecisionCheck = null;
    return cat;
  };

  it('the demo catalogue flags the public-safety documents of the construction matters, each with its basis', () => {
    const flagged = materialRows.filter((r) => r.material.postDecisionCheck).map((r) => [r.matter, r.material.name, r.material.postDecisionCheck!.legalBasis.document]);
    expect(flagged).toEqual([
      ['370883-JS-001', '保证工程质量和安全的具体措施', expect.stringContaining('国办发〔2019〕11号')],
      ['370883-JS-003', '危险性较大的分部分项工程清单', expect.stringContaining('国办发〔2019〕11号')],
      ['370883-JS-003', '安全文明施工措施', expect.stringContaining('国办发〔2019〕11号')],
    ]);
  });

  it('reads files written before the columns existed: no check (null)', async () => {
    const xlsx = await xlsxWith((wb) => {
      const ws = wb.getWorksheet('materials')!;
      ws.spliceColumns(column(ws, 'post_decision_check'), 4);
    });
    const fromXlsx = await readCatalogue(xlsx, 'xlsx');
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.catalogue).toEqual(withoutCheck());

    const lines = writeCsv(demo).split('\r\n');
    const header = lines.indexOf('[materials]') + 1;
    const cut = lines[header].split(',').indexOf('收件备查（事中事后核查）');
    for (let i = header; lines[i] !== ''; i++) {
      const cells = lines[i].split(','); // the demo's material rows hold no quoted commas before these columns
      lines[i] = [...cells.slice(0, cut), ...cells.slice(cut + 4)].join(',');
    }
    const fromCsv = await readCatalogue(lines.join('\r\n'), 'csv');
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.catalogue).toEqual(withoutCheck());

    const doc = JSON.parse(writeJson(demo));
    for (const m of doc.matters) for (const x of m.materials) delete x.postDecisionCheck;
    const fromJson = await readCatalogue(JSON.stringify(doc), 'json');
    expect(fromJson.problems).toEqual([]);
    expect(fromJson.catalogue).toEqual(withoutCheck());
  });

  it('requires the legal basis when set, refuses a basis without 是, and a check on a material the letter replaces', async () => {
    const data = await xlsxWith((wb) => {
      const ws = wb.getWorksheet('materials')!;
      ws.getRow(rowOf('370883-JS-001', 'M14')).getCell(column(ws, 'post_decision_check_document')).value = ''; // 是, without a basis
      ws.getRow(rowOf('370883-JS-001', 'M09')).getCell(column(ws, 'post_decision_check_document')).value = '《某意见》'; // a basis, 否
      const funding = ws.getRow(rowOf('370883-JS-001', 'M13'));
      funding.getCell(column(ws, 'post_decision_check')).value = '是';
      funding.getCell(column(ws, 'post_decision_check_document')).value = '《某意见》';
      funding.getCell(17).value = '是'; // commitment_allowed
    });
    const res = await readCatalogue(data, 'xlsx');
    expect(res.catalogue).toBeNull();
    expect(res.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['materials', rowOf('370883-JS-001', 'M09'), 'post_decision_check'],
      ['materials', rowOf('370883-JS-001', 'M13'), 'post_decision_check'],
      ['materials', rowOf('370883-JS-001', 'M14'), 'post_decision_check_document'],
    ]);
    for (const p of res.problems) expect(p.reason.zh.length * p.reason.en.length).toBeGreaterThan(0);
  });

  it('locates problems of the check in JSON by path', async () => {
    const doc = JSON.parse(writeJson(demo));
    doc.matters[0].materials[13].postDecisionCheck = {}; // M14
    doc.matters[2].materials[6].postDecisionCheck = { legalBasis: { document: '', article: '', text: '' } }; // M07
    doc.matters[2].materials[7].postDecisionCheck = 'yes'; // M08
    const res = await readCatalogue(JSON.stringify(doc), 'json');
    expect(res.catalogue).toBeNull();
    expect(res.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['matters', 1, 'materials[13].postDecisionCheck.legalBasis'],
      ['matters', 3, 'materials[6].postDecisionCheck.legalBasis.document'],
      ['matters', 3, 'materials[7].postDecisionCheck'],
    ]);
  });
});

describe('optional properties and columns', () => {
  it('a JSON matter may leave out what has a default; a spreadsheet may leave out those columns', async () => {
    const doc = {
      regionCode: '370883',
      departments: [{ code: 'XZSP', name: '行政审批服务局', regionCode: '370883' }],
      matters: [
        {
          code: 'T-1',
          name: '食品经营许可',
          kind: '行政许可',
          departmentCode: 'XZSP',
          legalBases: [{ document: '《中华人民共和国食品安全法》', article: '第三十五条', text: '' }],
          statutoryDays: 20,
          promisedDays: 5,
          fee: { charged: false, standard: '', basis: '' },
          result: { name: '食品经营许可证' },
          materials: [{ id: 'M01', name: '食品安全管理制度', legalBases: [] }],
          steps: [{ id: 'S01', name: '审查', departmentCode: 'XZSP', workdays: 2 }],
        },
      ],
    };
    const { catalogue, problems } = await readCatalogue(JSON.stringify(doc), 'json');
    expect(problems).toEqual([]);
    const m = catalogue!.matters[0];
    expect([m.visits, m.onlineDepth, m.result.kind, m.result.fields, m.routes, m.route, m.prerequisites, m.formFields]).toEqual([1, 'offline', 'other', [], [], null, [], []]);
    expect(m.materials[0]).toMatchObject({
      category: 'other',
      requirement: 'required',
      medium: 'paper',
      original: 'original',
      copies: 1,
      condition: '',
      canonicalId: null,
      source: { kind: 'applicant', issuerType: null, presentOnly: false, noSharingChannel: false },
    });
    expect(m.steps[0]).toMatchObject({ kind: 'review', stamps: [], applicantPresent: false, dependsOn: [] });
    // the same catalogue as CSV without the columns that have defaults
    const csv = [
      '[catalogue]',
      'region_code',
      '370883',
      '',
      '[matters]',
      'code,name,kind,department_code,statutory_days,promised_days',
      'T-1,食品经营许可,行政许可,XZSP,20,5',
      '',
      '[materials]',
      'matter_code,id,name',
      'T-1,M01,食品安全管理制度',
      '',
    ].join('\n');
    const fromCsv = await readCatalogue(csv, 'csv', { departments: new Map([['XZSP', '370883']]) });
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.catalogue!.matters[0].materials[0]).toMatchObject({ category: 'other', medium: 'paper', copies: 1, source: { kind: 'applicant' } });
  });
});
