// One entry point for every log format: chosen by the file name.
import type { EventLog } from '../model.js';
import { importCsvFile, type CsvImportOptions, type CsvImportReport } from './csv.js';
import { importXesFile, LogImportError, type ImportProgress } from './xes.js';

export { LogImportError } from './xes.js';
export type { ImportProgress } from './xes.js';

export interface ImportOptions extends CsvImportOptions {
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportedLog {
  log: EventLog;
  format: 'xes' | 'csv';
  /** What CSV import detected (mapping, timestamp formats); absent for XES. */
  csv?: CsvImportReport;
}

/** Imports `.xes`, `.xes.gz` or `.csv` (the extension decides; `.gz` of anything else is read as XES). */
export async function importLogFile(file: string, options: ImportOptions = {}): Promise<ImportedLog> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) {
    const { log, report } = await importCsvFile(file, options);
    return { log, format: 'csv', csv: report };
  }
  if (lower.endsWith('.xes') || lower.endsWith('.xes.gz') || lower.endsWith('.gz') || lower.endsWith('.xml')) {
    return { log: await importXesFile(file, options), format: 'xes' };
  }
  throw new LogImportError(`unknown log format: ${file} (expected .xes, .xes.gz or .csv)`);
}
