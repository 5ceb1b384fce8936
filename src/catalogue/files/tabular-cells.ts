// One cell: its plain text, its value coerced by its column's type (or the reason it cannot
// be), and a value written back as a cell.
import type { ColumnSpec, Label } from './template.js';
import type { Cell } from './tabular.js';

const r = (zh: string, en: string): Label => ({ zh, en });

/** Plain text of a cell as spreadsheet libraries give it (rich text, formulas, dates, hyperlinks). */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  if (typeof raw === 'object') {
    const o = raw as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return String(o.error);
  }
  return String(raw);
}

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: Label };

const TRUE = new Set(['是', 'true', '1', 'y', 'yes', '√', '✓']);
const FALSE = new Set(['否', 'false', '0', 'n', 'no', '×', '']);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;

function coerceCode(raw: unknown, optional: boolean): Coerced {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw))
    return { ok: false, reason: r('编码过长被表格软件当作数字，精度已丢失：请把该列设为文本格式', 'the code was stored as a number and lost digits: format the column as text') };
  const s = cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填项为空', 'required value is empty') };
  if (!ID.test(s)) return { ok: false, reason: r('编码只能包含字母、数字、点、下划线和连字符', 'a code may hold letters, digits, dot, underscore and hyphen only') };
  return { ok: true, value: s };
}

function coerceNumber(raw: unknown, optional: boolean, integer: boolean): Coerced {
  const s = typeof raw === 'number' ? raw : cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填数字为空', 'required number is empty') };
  const n = typeof s === 'number' ? s : Number(s);
  if (!Number.isFinite(n)) return { ok: false, reason: r('不是数字', 'not a number') };
  if (n < 0) return { ok: false, reason: r('不能为负数', 'must not be negative') };
  if (integer && !Number.isInteger(n)) return { ok: false, reason: r('应为整数', 'must be a whole number') };
  return { ok: true, value: n };
}

/** The key of an enumeration value given by its key, its Chinese label or its English label (any case). */
export function enumKey(text: string, col: ColumnSpec): string | undefined {
  const s = text.trim();
  return (col.values ?? []).find((v) => v === s || v === s.toLowerCase() || col.valueLabels?.[v]?.zh === s || col.valueLabels?.[v]?.en.toLowerCase() === s.toLowerCase());
}

function coerceEnum(raw: unknown, col: ColumnSpec, optional: boolean): Coerced {
  const s = cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填项为空', 'required value is empty') };
  const values = col.values ?? [];
  const hit = enumKey(s, col);
  if (hit === undefined) {
    const allowed = values.map((v) => col.valueLabels?.[v]?.zh ?? v).join('、');
    const allowedEn = values.join(', ');
    return { ok: false, reason: r(`不是允许的取值，应为：${allowed}`, `not an allowed value; one of: ${allowedEn}`) };
  }
  return { ok: true, value: hit };
}

/** The value a cell that failed its check stands in with, so later checks still see the row. */
export function placeholder(col: ColumnSpec): unknown {
  switch (col.type) {
    case 'text':
    case 'code':
      return '';
    case 'optcode':
    case 'optnumber':
    case 'optenum':
      return null;
    case 'int':
    case 'number':
      return 0;
    case 'bool':
      return false;
    case 'list':
    case 'idlist':
      return [];
    case 'enum':
      return col.values?.[0] ?? '';
  }
}

export function coerceCell(raw: unknown, col: ColumnSpec): Coerced {
  switch (col.type) {
    case 'text':
      return { ok: true, value: cellText(raw) };
    case 'code':
      return coerceCode(raw, false);
    case 'optcode':
      return coerceCode(raw, true);
    case 'int':
      return coerceNumber(raw, false, true);
    case 'number':
      return coerceNumber(raw, false, false);
    case 'optnumber':
      return coerceNumber(raw, true, false);
    case 'bool': {
      const s = cellText(raw).trim().toLowerCase();
      if (TRUE.has(s)) return { ok: true, value: true };
      if (FALSE.has(s)) return { ok: true, value: false };
      return { ok: false, reason: r('应填“是”或“否”', 'must be 是 (yes) or 否 (no)') };
    }
    case 'list': {
      const s = cellText(raw);
      return {
        ok: true,
        value: s
          .split(/[;；\n]/)
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      };
    }
    case 'idlist': {
      const parts = cellText(raw)
        .split(/[\s,，;；、]+/)
        .filter((x) => x !== '');
      const bad = parts.find((p) => !ID.test(p));
      if (bad !== undefined) return { ok: false, reason: r(`编号 ${bad} 格式不正确`, `malformed id ${bad}`) };
      return { ok: true, value: parts };
    }
    case 'enum':
      return coerceEnum(raw, col, false);
    case 'optenum':
      return coerceEnum(raw, col, true);
  }
}

/** Cell value written for a model value (enums by Chinese label, booleans 是/否, lists joined). */
export function toCell(value: unknown, col: ColumnSpec): Cell {
  if (value === null || value === undefined) return '';
  switch (col.type) {
    case 'bool':
      return value ? '是' : '否';
    case 'list':
      return (value as string[]).join('；');
    case 'idlist':
      return (value as string[]).join(',');
    case 'enum':
    case 'optenum':
      return col.valueLabels?.[value as string]?.zh ?? String(value);
    case 'int':
    case 'number':
    case 'optnumber':
      return value as number;
    default:
      return String(value);
  }
}
