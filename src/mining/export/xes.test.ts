// Mining's XES export: what it writes imports again as the same log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.js';
import { importXesFile, importXesString } from '../import/xes.js';
import { exportXes, writeXesFile } from './xes.js';

describe('XES export', () => {
  it('round-trips a real log: same cases, activities, times, resources and attributes', async () => {
    const log = await importXesFile(sharedData('eventlogs', 'roadtraffic100traces.xes'));
    const again = importXesString([...exportXes(log)].join(''));
    expect(again.caseIds).toEqual(log.caseIds);
    expect(Array.from(again.activity, (a) => again.activityNames[a])).toEqual(Array.from(log.activity, (a) => log.activityNames[a]));
    expect(Array.from(again.timestamp)).toEqual(Array.from(log.timestamp));
    expect(Array.from(again.resource, (r) => again.resourceNames[r])).toEqual(Array.from(log.resource, (r) => log.resourceNames[r]));
    expect(again.eventAttributes.get('amount')?.values).toEqual(log.eventAttributes.get('amount')?.values);
  });

  it('writes gzip files that import again', async () => {
    const log = await importXesFile(sharedData('eventlogs', 'running-example.xes'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xes-'));
    const file = path.join(dir, 'out.xes.gz');
    await writeXesFile(log, file);
    const again = await importXesFile(file);
    expect(again.activity.length).toBe(42);
    expect(again.caseIds).toEqual(log.caseIds);
  });
});
