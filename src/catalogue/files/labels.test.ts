import { describe, expect, it } from 'vitest';
import { columnLabel, sheetLabel } from './labels.js';

describe('import problem places in the reader’s language', () => {
  it('names sheets and columns by the template’s headings, not their keys', () => {
    expect(sheetLabel('departments', 'zh-CN')).toBe('部门');
    expect(columnLabel('departments', 'code', 'zh-CN')).toBe('部门编码');
    expect(sheetLabel('departments', 'en')).toBe('Departments');
    expect(sheetLabel('file', 'zh-CN')).toBe('文件');
  });

  it('names the last property of a JSON path by its column heading', () => {
    expect(columnLabel('matters', 'matters[0].steps[1].dependsOn', 'zh-CN')).toBe('matters[0].steps[1] · 前序环节');
    expect(columnLabel('matters', 'matters[0].steps[1].dependsOn', 'en')).toBe('matters[0].steps[1].dependsOn');
    expect(columnLabel('x', 'no.such.thing', 'zh-CN')).toBe('no.such.thing');
  });
});
