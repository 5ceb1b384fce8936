// `zaizao org ...`: the workbook template and import (all or nothing, problems located by
// sheet, row and column), the official division tree, and a command that cannot run beside
// the server pointing to the UI and the API.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runZaizao } from '../support/cli.js';
import { writeWorkbook } from '../../src/catalogue/files/xlsx-writer.js';
import { readWorkbookValues } from '../../src/catalogue/files/xlsx-reader.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-org-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('zaizao org', () => {
  it('creates a new county from the official data and imports its organisation from a workbook', async () => {
    const data = tempDir();
    const files = tempDir();
    const env = { ZAIZAO_DATA: data, DATABASE_URL: '' };

    const template = path.join(files, 'template.xlsx');
    expect((await runZaizao(['org', 'template', '--out', template], env)).code).toBe(0);
    expect(readWorkbookValues(fs.readFileSync(template)).map((s) => s.name)).toEqual(['区划', '部门', '用户', '说明']);

    const loaded = await runZaizao(['org', 'import-divisions', '370883', '--format', 'json'], env);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ county: '370883', name: '邹城市', townships: 16, added: 731 });
    expect((await runZaizao(['org', 'import-divisions', '37088'], env)).code).toBe(2);
    const unknown = await runZaizao(['org', 'import-divisions', '999999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no county 999999/);

    const bad = path.join(files, 'bad.xlsx');
    fs.writeFileSync(
      bad,
      writeWorkbook([
        {
          name: '部门',
          rows: [
            ['部门代码', '部门名称', '所属区划代码'],
            ['ZC-XZSP', '行政审批服务局', '370883'],
            ['ZC-RSJ', '人社局', '370899'],
          ],
        },
        {
          name: '用户',
          rows: [
            ['登录名', '姓名', '角色', '所属区划代码', '部门代码'],
            ['zc.admin', '管理员', '系统管理员', '370883', ''],
          ],
        },
      ]),
    );
    const refused = await runZaizao(['org', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('部门 第 3 行 所属区划代码 “370899”');
    expect(refused.stderr).toMatch(/nothing was imported/);

    const good = path.join(files, 'good.xlsx');
    fs.writeFileSync(
      good,
      writeWorkbook([
        {
          name: '部门',
          rows: [
            ['部门代码', '部门名称', '所属区划代码'],
            ['ZC-XZSP', '行政审批服务局', '370883'],
          ],
        },
        {
          name: '用户',
          rows: [
            ['登录名', '姓名', '角色', '所属区划代码', '部门代码'],
            ['zc.admin', '管理员', '系统管理员', '370883', ''],
            ['zc.clerk', '窗口 王', '窗口受理人员', '370883', 'ZC-XZSP'],
          ],
        },
      ]),
    );
    const imported = await runZaizao(['org', 'import', good, '--format', 'json'], env);
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout);
    expect(result.counts).toEqual({ regions: 0, departments: 1, users: 2 });
    expect(result.passwords.map((p: { username: string }) => p.username)).toEqual(['zc.admin', 'zc.clerk']);
  }, 300_000);

  it('says to use the web UI or the API while the server owns the embedded database', async () => {
    const data = tempDir();
    fs.writeFileSync(path.join(data, 'zaizao.owner.pid'), String(process.pid)); // this test process stands in for the server
    const res = await runZaizao(['user', 'add', 'someone', '--role', 'window_clerk', '--region', '370883'], {
      ZAIZAO_DATA: data,
      DATABASE_URL: '',
      ZAIZAO_NEW_PASSWORD: 'a-long-password',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/in use by process/);
    expect(res.stderr).toMatch(/web UI .* or through the API \(\/api\/org/);
  });
});
