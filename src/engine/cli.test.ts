// zaizao process history: the engine's event log from the database, as XES or JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import { openStore } from '../store/database.js';
import { EngineStore } from './store.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

describe('zaizao process history', () => {
  it('prints the history of the database as XES, or JSON for one process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-engine-cli-'));
    try {
      const store = await openStore({ kind: 'pglite', dataDir: dir });
      const engine = new EngineStore(store.db, { now: () => new Date('2025-09-30T10:00:00+08:00') });
      await engine.deploy(definitions(processXml('cli', `<startEvent id="s"/><userTask id="u" name="受理"/><endEvent id="e"/>${chain('s', 'u', 'e')}`)), { regionCode: '370883' });
      const id = await engine.start('cli', { regionCode: '370883', businessKey: 'B-1' });
      const [task] = await engine.openTasks(id);
      await engine.completeTask(task.id, { actor: { userId: 1, username: 'clerk', role: 'window_clerk', departmentCode: 'XZSP' } });
      await store.close();

      const xes = await runZaizao(['process', 'history'], { ZAIZAO_DATA: dir, DATABASE_URL: '' });
      expect(xes.stderr).toBe('');
      expect(xes.code).toBe(0);
      expect(xes.stdout).toContain('<trace>');
      expect(xes.stdout).toContain('<string key="concept:name" value="受理"/>');
      expect(xes.stdout).toContain('<string key="org:group" value="XZSP"/>');
      const json = await runZaizao(['process', 'history', '--process', 'cli', '--format', 'json'], { ZAIZAO_DATA: dir, DATABASE_URL: '' });
      const events = JSON.parse(json.stdout) as Array<{ type: string; instanceId: string }>;
      expect(events.map((e) => e.type)).toContain('task.completed');
      expect(new Set(events.map((e) => e.instanceId))).toEqual(new Set([id]));
      expect((await runZaizao(['process', 'history', '--region', 'x'], { ZAIZAO_DATA: dir, DATABASE_URL: '' })).code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
