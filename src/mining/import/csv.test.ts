import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.js';
import { traceActivities } from '../model.js';
import { importCsvFile, importCsvString } from './csv.js';
import { LogImportError } from './errors.js';

describe('CSV import', () => {
  it('imports the receipt log with the well-known column names and reports what it detected', async () => {
    const { log, report } = await importCsvFile(sharedData('eventlogs', 'receipt.csv'));
    expect(log.caseIds.length).toBe(1434);
    expect(log.activity.length).toBe(8577);
    expect(report.mapping).toMatchObject({ case: 'case:concept:name', activity: 'concept:name', timestamp: 'time:timestamp', resource: 'org:resource' });
    expect(report.timestampFormats).toEqual([{ column: 'time:timestamp', format: expect.stringContaining('ISO 8601'), offset: 'explicit' }]);
    expect(log.caseAttributes.get('department')?.values[0]).toBe('General');
    expect(log.eventAttributes.has('org:group')).toBe(true);
  });

  it('uses an explicit mapping, detects day-first dates and a start column, and orders each case by time', async () => {
    const text = [
      'Akte;Schritt;Ende;Beginn;Wer',
      'a1;review;04/03/2021 10:00;04/03/2021 09:00;li',
      'a1;intake;25/02/2021 09:30;25/02/2021 09:00;wang',
      'a2;intake;26/02/2021 11:00;;wang',
    ].join('\n');
    const { log, report } = await importCsvString(text, { mapping: { case: 'Akte', activity: 'Schritt', timestamp: 'Ende', startTimestamp: 'Beginn', resource: 'Wer' } });
    expect(report.delimiter).toBe(';');
    expect(report.timestampFormats.map((f) => [f.column, f.format, f.offset])).toEqual([
      ['Ende', 'DD/MM/YYYY[ HH:mm[:ss[.SSS]]]', 'assumed'],
      ['Beginn', 'DD/MM/YYYY[ HH:mm[:ss[.SSS]]]', 'assumed'],
    ]);
    expect(traceActivities(log, 0)).toEqual(['intake', 'review']);
    expect(new Date(log.timestamp[1]).toISOString()).toBe('2021-03-04T02:00:00.000Z');
    expect(new Date(log.startTimestamp![1]).toISOString()).toBe('2021-03-04T01:00:00.000Z');
    expect(Number.isNaN(log.startTimestamp![2])).toBe(true);
  });

  it('tells month-first dates from the values', async () => {
    const { report } = await importCsvString('case,activity,timestamp\n1,a,12/31/2021 10:00\n1,b,01/02/2022 10:00\n');
    expect(report.timestampFormats[0].format).toBe('MM/DD/YYYY[ HH:mm[:ss[.SSS]]]');
  });

  it('names the missing column', async () => {
    await expect(importCsvString('id,what\n1,a\n')).rejects.toThrow(/no case column/);
    await expect(importCsvString('case,activity,timestamp\n1,a,2021-01-01\n', { mapping: { resource: 'who' } })).rejects.toThrow(/column "who"/);
  });

  it('refuses timestamps it cannot read, and rows of the wrong width, with their line', async () => {
    await expect(importCsvString('case,activity,timestamp\n1,a,soon\n')).rejects.toThrow(/timestamp format not recognised/);
    const err = await importCsvString('case,activity,timestamp\n1,a,2021-01-01\n1,b\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogImportError);
    expect((err as LogImportError).line).toBe(3);
  });
});
