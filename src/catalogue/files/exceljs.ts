// exceljs, loaded on first use: it is the largest library the server has (about half a second
// to load), and most processes never write or read a workbook with it.
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
