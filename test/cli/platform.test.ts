import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { runZaizao, ZAIZAO_BIN, ROOT } from '../support/cli.js';
import { openStore } from '../../src/store/database.js';

const dirs: string[] = [];
const tempData = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('zaizao command', () => {
  it('prints help and exits 0; an unknown command is a usage error (exit 2)', async () => {
    const help = await runZaizao(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/audit/);
    const bad = await runZaizao(['no-such-command']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command/);
  });

  it('seeds the demo data, adds a user, and verifies the audit trail until a row is altered', async () => {
    const data = tempData();
    const env = { ZAIZAO_DATA: data, ZAIZAO_DEMO_PASSWORD: 'demo-pass-123', DATABASE_URL: '' };
    const seeded = await runZaizao(['seed', 'demo', '--format', 'json'], env);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout).organisation.seeded).toBe(true);
    const again = await runZaizao(['seed', 'demo'], env);
    expect(again.stdout).toMatch(/already loaded/);

    const added = await runZaizao(['user', 'add', 'wangfang', '--role', 'window_clerk', '--region', '370883001', '--name', '王芳'], {
      ...env,
      ZAIZAO_NEW_PASSWORD: 'a-long-password',
    });
    expect(added.code).toBe(0);
    const dup = await runZaizao(['user', 'add', 'wangfang', '--role', 'window_clerk', '--region', '370883001'], { ...env, ZAIZAO_NEW_PASSWORD: 'a-long-password' });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const badRole = await runZaizao(['user', 'add', 'x1', '--role', 'king', '--region', '370883'], { ...env, ZAIZAO_NEW_PASSWORD: 'a-long-password' });
    expect(badRole.code).toBe(2);

    const ok = await runZaizao(['audit', 'verify', '--format', 'json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });

    const head = await runZaizao(['audit', 'head'], env);
    expect(head.code).toBe(0);
    const anchor = head.stdout.trim();
    expect(anchor).toMatch(/^\d+:[0-9a-f]{64}$/);
    const anchored = await runZaizao(['audit', 'verify', '--anchor', anchor], env);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toMatch(/anchored row \d+ present and unchanged/);
    const badAnchor = await runZaizao(['audit', 'verify', '--anchor', 'latest'], env);
    expect(badAnchor.code).toBe(2);

    const store = await openStore({ kind: 'pglite', dataDir: data });
    await sql`delete from audit_log where id = ${Number(anchor.split(':')[0])}`.execute(store.db);
    await store.close();
    expect((await runZaizao(['audit', 'verify'], env)).code).toBe(0);
    const truncated = await runZaizao(['audit', 'verify', '--anchor', anchor], env);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/removed from the end/);

    const tamper = await openStore({ kind: 'pglite', dataDir: data });
    await sql`update audit_log set actor_name = 'someone-else' where id = 2`.execute(tamper.db);
    await tamper.close();
    const broken = await runZaizao(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken at row 2/);
  }, 240_000);

  it('refuses a department of another region, and unlocks an account', async () => {
    const data = tempData();
    const env = { ZAIZAO_DATA: data, ZAIZAO_DEMO_PASSWORD: 'demo-pass-123', DATABASE_URL: '' };
    expect((await runZaizao(['seed', 'demo'], env)).code).toBe(0);
    // GS-SHB is 钢山街道's; a user of 千泉街道 may not belong to it.
    const otherTownship = await runZaizao(['user', 'add', 'x2', '--role', 'department_officer', '--region', '370883002', '--department', 'GS-SHB'], {
      ...env,
      ZAIZAO_NEW_PASSWORD: 'a-long-password',
    });
    expect(otherTownship.code).toBe(1);
    expect(otherTownship.stderr).toMatch(/belongs to region 370883001/);
    const unlocked = await runZaizao(['user', 'unlock', 'admin'], env);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toMatch(/unlocked user admin/);
  }, 240_000);

  it('refuses to open an embedded directory a running server owns', async () => {
    const data = tempData();
    const port = 18000 + Math.floor(Math.random() * 1000);
    const server = spawn(process.execPath, [ZAIZAO_BIN, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, ZAIZAO_DATA: data, PORT: String(port), ZAIZAO_DEMO_PASSWORD: 'x-demo-pass', DATABASE_URL: '' },
      stdio: 'pipe',
    });
    try {
      let up = false;
      for (let i = 0; i < 600 && !up; i++) {
        await new Promise((r) => setTimeout(r, 250));
        up = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        );
      }
      expect(up).toBe(true);
      const res = await runZaizao(['audit', 'verify'], { ZAIZAO_DATA: data, DATABASE_URL: '' });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/in use by process/);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('close', r));
    }
  }, 240_000);
});
