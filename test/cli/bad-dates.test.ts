// Dates a person types on the command line: a day that does not exist is a usage error,
// not rolled over into the next month.
import { describe, expect, it } from 'vitest';
import { runZaizao } from '../support/cli.js';
import { sharedData } from '../support/shared-data.js';

describe('dates on the command line', () => {
  it('refuses --split-at 2025-02-30 and --start 2025-02-30T09:00:00+08:00 with one line and exit 2', async () => {
    const split = await runZaizao(['mine', 'compare', sharedData('eventlogs', 'running-example.xes'), '--split-at', '2011-02-30']);
    expect(split.code).toBe(2);
    expect(split.stderr.trim()).toBe('zaizao: --split-at must be a date or an ISO instant (got 2011-02-30)');
    const start = await runZaizao(['process', 'dry-run', sharedData('bpmn', 'miwg', 'A.1.0.bpmn'), '--start', '2025-02-30T09:00:00+08:00']);
    expect(start.code).toBe(2);
    expect(start.stderr.trim()).toBe('zaizao: --start must be an ISO-8601 instant (got 2025-02-30T09:00:00+08:00)');
  });
});
