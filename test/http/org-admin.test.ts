// Administering the organisation through the API: a county's administrator adds townships,
// villages, grids, departments and officers; an officer's one-time password opens nothing
// but the password change; the organisation workbook imports all or nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { writeWorkbook } from '../../src/catalogue/files/xlsx-writer.js';
import { readWorkbookValues } from '../../src/catalogue/files/xlsx-reader.js';
import { createRegion, createUser } from '../../src/org/admin.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import { verifyAuditTrail } from '../../src/audit/trail.js';

const targets = await dbTargets();

describe.each(targets)('organisation administration on $name', (target) => {
  let t: TestApp;
  let admin: Client;
  let reform: Client;

  beforeAll(async () => {
    t = await openTestApp(target);
    admin = await signInAs(t.app, 'admin');
    reform = await signInAs(t.app, 'reform');
  });
  afterAll(async () => t?.close());

  it('holds the real county: 邹城市 with its 16 official townships and streets', async () => {
    const regions = (await admin.inject({ method: 'GET', url: '/api/org/regions' })).json().items as Array<{
      code: string;
      name: string;
      level: string;
      divisionCode: string | null;
    }>;
    const townships = regions.filter((r) => r.level === 'township');
    expect(townships).toHaveLength(16);
    expect(townships.map((r) => r.name)).toEqual(expect.arrayContaining(['钢山街道', '千泉街道', '凫山街道', '太平镇', '郭里镇']));
    expect(regions.find((r) => r.code === '370883001201')).toMatchObject({ name: '曾家沟村', level: 'village', divisionCode: '370883001201' });
    expect(regions.find((r) => r.code === '370883')).toMatchObject({ divisionCode: '370883000000' });
  });

  it('adds a village and a grid below it; codes must continue the parent’s', async () => {
    const village = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883001299', name: '新建村', parentCode: '370883001' } });
    expect(village.statusCode).toBe(201);
    expect(village.json()).toMatchObject({ level: 'village', parentCode: '370883001' });
    const grid = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883001299001', name: '新建村第一网格', parentCode: '370883001299' } });
    expect(grid.json()).toMatchObject({ level: 'grid' });

    const wrongPrefix = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883002298', name: '错位村', parentCode: '370883001' } });
    expect(wrongPrefix.statusCode).toBe(400);
    expect(wrongPrefix.json().error.message.zh).toContain('须以上级代码 370883001 开头');
    const belowGrid = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883001299001001', name: 'x', parentCode: '370883001299001' } });
    expect(belowGrid.statusCode).toBe(400);
    const dup = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883001299', name: '又一个', parentCode: '370883001' } });
    expect(dup.statusCode).toBe(409);
    const unknownParent = await admin.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883999001', name: 'x', parentCode: '370883999' } });
    expect(unknownParent.statusCode).toBe(404);
    const renamed = await admin.inject({ method: 'PATCH', url: '/api/org/regions/370883001299', payload: { name: '新建社区' } });
    expect(renamed.json()).toMatchObject({ name: '新建社区' });
  });

  it('keeps each county’s administrator to their county', async () => {
    await createRegion(t.store.db, SYSTEM_ACTOR, { code: '510802', name: '利州区', parentCode: null });
    const created = await createUser(t.store.db, SYSTEM_ACTOR, { username: 'lz.admin', displayName: '利州区管理员', role: 'admin', regionCode: '510802' });
    const other = await signInAs(t.app, 'lz.admin', created.oneTimePassword);
    expect(
      (await other.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: created.oneTimePassword, newPassword: 'lizhou-admin-2026' } })).statusCode,
    ).toBe(204);
    const intoZoucheng = await other.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '370883001298', name: '越界村', parentCode: '370883001' } });
    expect(intoZoucheng.statusCode).toBe(403);
    expect(intoZoucheng.json().error.message.zh).toContain('不在您管理的范围内');
    const own = await other.inject({ method: 'POST', url: '/api/org/regions', payload: { code: '510802001', name: '东坝街道', parentCode: '510802' } });
    expect(own.statusCode).toBe(201);
    // A department of another county cannot be given to one's officer.
    const zjj = (await admin.inject({ method: 'GET', url: '/api/org/departments' })).json().items.find((d: { code: string }) => d.code === 'ZJJ');
    const cross = await other.inject({
      method: 'POST',
      url: '/api/org/users',
      payload: { username: 'lz.officer', displayName: '利州 officer', role: 'department_officer', regionCode: '510802', departmentId: zjj.id },
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.message.zh).toContain('属于其他县');
    const users = (await other.inject({ method: 'GET', url: '/api/org/users' })).json().items as Array<{ regionCode: string }>;
    expect(users.every((u) => u.regionCode.startsWith('510802'))).toBe(true);
  });

  it('creates a department and an officer whose one-time password must be changed first', async () => {
    const dep = await admin.inject({ method: 'POST', url: '/api/org/departments', payload: { code: '370883-TJJ', name: '统计局', regionCode: '370883' } });
    expect(dep.statusCode).toBe(201);
    expect((await admin.inject({ method: 'POST', url: '/api/org/departments', payload: { code: '370883-TJJ', name: '另一个', regionCode: '370883' } })).statusCode).toBe(409);
    const unstaffed = (await admin.inject({ method: 'GET', url: '/api/org/departments/unstaffed' })).json().ids as number[];
    expect(unstaffed).toContain(dep.json().id);

    const applicantWithDep = await admin.inject({
      method: 'POST',
      url: '/api/org/users',
      payload: { username: 'bad.applicant', displayName: '申请人', role: 'applicant', regionCode: '370883', departmentId: dep.json().id },
    });
    expect(applicantWithDep.statusCode).toBe(400);
    expect(applicantWithDep.json().error.message.zh).toContain('申请人不属于任何部门');

    const created = await admin.inject({
      method: 'POST',
      url: '/api/org/users',
      payload: { username: 'tj.officer', displayName: '统计局 马丽', role: 'department_officer', regionCode: '370883', departmentId: dep.json().id },
    });
    expect(created.statusCode).toBe(201);
    const { user, oneTimePassword } = created.json();
    expect(user).toMatchObject({ mustChangePassword: true, disabled: false });
    expect(oneTimePassword).toMatch(/^\S{12}$/);
    expect((await admin.inject({ method: 'GET', url: '/api/org/departments/unstaffed' })).json().ids).not.toContain(dep.json().id);

    const officer = await signInAs(t.app, 'tj.officer', oneTimePassword);
    expect((await officer.inject({ method: 'GET', url: '/api/auth/me' })).json().user.mustChangePassword).toBe(true);
    const blocked = await officer.inject({ method: 'GET', url: '/api/catalog/matters' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const wrong = await officer.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'not-it-at-all', newPassword: 'statistics-2026' } });
    expect(wrong.statusCode).toBe(400);
    expect((await officer.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: oneTimePassword, newPassword: 'statistics-2026' } })).statusCode).toBe(
      204,
    );
    expect((await officer.inject({ method: 'GET', url: '/api/catalog/matters' })).statusCode).toBe(200);

    // Reset: a new one-time password, the old sessions end.
    const reset = await admin.inject({ method: 'POST', url: `/api/org/users/${user.id}/reset-password` });
    expect(reset.statusCode).toBe(200);
    expect((await officer.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await signInAs(t.app, 'tj.officer', reset.json().oneTimePassword);
    expect((await again.inject({ method: 'GET', url: '/api/auth/me' })).json().user.mustChangePassword).toBe(true);

    // Disable: cannot sign in; an administrator cannot disable themselves.
    expect((await admin.inject({ method: 'PATCH', url: `/api/org/users/${user.id}`, payload: { disabled: true } })).json()).toMatchObject({ disabled: true });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tj.officer', password: reset.json().oneTimePassword } })).statusCode).toBe(401);
    expect((await admin.inject({ method: 'PATCH', url: `/api/org/users/${admin.user.id}`, payload: { disabled: true } })).statusCode).toBe(400);
  });

  it('refuses organisation commands to everyone but administrators', async () => {
    expect((await reform.inject({ method: 'POST', url: '/api/org/departments', payload: { code: 'X1', name: 'x', regionCode: '370883' } })).statusCode).toBe(403);
    const applicant = await signInAs(t.app, 'applicant', DEMO_PASSWORD);
    expect((await applicant.inject({ method: 'GET', url: '/api/org/users' })).statusCode).toBe(403);
  });

  it('imports the workbook all or nothing, naming sheet, row and column of each problem', async () => {
    const template = await admin.inject({ method: 'GET', url: '/api/org/template' });
    expect(template.statusCode).toBe(200);
    expect(readWorkbookValues(template.rawPayload).map((s) => s.name)).toEqual(['区划', '部门', '用户', '说明']);

    const bad = writeWorkbook([
      {
        name: '区划',
        rows: [
          ['区划代码', '名称', '上级区划代码'],
          ['370883002299', '好村', '370883002'],
          ['370883777001', '无上级村', '370883777'],
        ],
      },
      {
        name: '部门',
        rows: [
          ['部门代码', '部门名称', '所属区划代码'],
          ['370883-WJW', '卫生健康局', '370883'],
        ],
      },
      {
        name: '用户',
        rows: [
          ['登录名', '姓名', '角色', '所属区划代码', '部门代码'],
          ['wjw.li', '卫健局 李', '部门审批人员', '370883', '370883-WJW'],
          ['x.y', '某人', '皇帝', '370883', ''],
          ['z.z', '某人', '申请人', '370883', 'NOPE'],
        ],
      },
    ]);
    const refused = await admin.inject({ method: 'POST', url: '/api/org/import', payload: { content: bad.toString('base64') } });
    expect(refused.statusCode).toBe(422);
    const problems = refused.json().error.details.problems as Array<{ sheet: string; row: number; column: string }>;
    expect(problems.map((p) => [p.sheet, p.row, p.column])).toEqual([['用户', 3, '角色']]);

    const bad2 = writeWorkbook([
      {
        name: '区划',
        rows: [
          ['区划代码', '名称', '上级区划代码'],
          ['370883002299', '好村', '370883002'],
          ['370883777001', '无上级村', '370883777'],
        ],
      },
      {
        name: '用户',
        rows: [
          ['登录名', '姓名', '角色', '所属区划代码', '部门代码'],
          ['z.z', '某人', '申请人', '370883', 'NOPE'],
        ],
      },
    ]);
    const refused2 = (await admin.inject({ method: 'POST', url: '/api/org/import', payload: { content: bad2.toString('base64') } })).json();
    expect(refused2.error.details.problems.map((p: { sheet: string; row: number; column: string }) => [p.sheet, p.row, p.column])).toEqual([
      ['区划', 3, '上级区划代码'],
      ['用户', 2, '部门代码'],
    ]);
    // A file with the English sheet and column keys: the problem still names them in Chinese, with the keys beside.
    const english = writeWorkbook([
      {
        name: 'departments',
        rows: [
          ['code', 'name', 'region_code'],
          ['', '卫生健康局', '370883'],
        ],
      },
    ]);
    const refused3 = (await admin.inject({ method: 'POST', url: '/api/org/import', payload: { content: english.toString('base64') } })).json();
    expect(refused3.error.details.problems).toMatchObject([
      { sheet: '部门', sheetKey: 'departments', row: 2, column: '部门代码', columnKey: 'code', reason: { zh: '“部门代码”不能为空' } },
    ]);
    const regions = (await admin.inject({ method: 'GET', url: '/api/org/regions' })).json().items as Array<{ code: string }>;
    expect(regions.map((r) => r.code)).not.toContain('370883002299'); // nothing of the file was kept

    const good = writeWorkbook([
      {
        name: '区划',
        rows: [
          ['区划代码', '名称', '上级区划代码'],
          ['370883002299001', '好村网格', '370883002299'],
          ['370883002299', '好村', '370883002'],
        ],
      },
      {
        name: '部门',
        rows: [
          ['部门代码', '部门名称', '所属区划代码'],
          ['370883-WJW', '卫生健康局', '370883'],
        ],
      },
      {
        name: '用户',
        rows: [
          ['登录名', '姓名', '角色', '所属区划代码', '部门代码', '部门负责人'],
          ['wjw.li', '卫健局 李', '部门审批人员', '370883', '370883-WJW', '是'],
          ['grid.hao', '好村 网格员', 'grid_worker', '370883002299001', '', ''],
        ],
      },
    ]);
    const imported = await admin.inject({ method: 'POST', url: '/api/org/import', payload: { content: good.toString('base64') } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ ok: true, counts: { regions: 2, departments: 1, users: 2 } });
    const li = imported.json().passwords.find((p: { username: string }) => p.username === 'wjw.li');
    const officer = await signInAs(t.app, 'wjw.li', li.oneTimePassword);
    expect((await officer.inject({ method: 'GET', url: '/api/auth/me' })).json().user).toMatchObject({ departmentName: '卫生健康局', mustChangePassword: true });
    // The 部门负责人 column flags the head of the department (overdue work is escalated to them).
    const listed = (await admin.inject({ method: 'GET', url: '/api/org/users' })).json().items as Array<{ username: string; departmentHead: boolean }>;
    expect(listed.filter((u) => u.departmentHead).map((u) => u.username)).toEqual(['wjw.li']);

    const notXlsx = await admin.inject({ method: 'POST', url: '/api/org/import', payload: { content: Buffer.from('hello').toString('base64') } });
    expect(notXlsx.statusCode).toBe(422);
    expect(notXlsx.json().error.details.problems[0].sheet).toBe('文件');
  });

  it('loads a county’s official tree once; a second load adds nothing', async () => {
    const first = await admin.inject({ method: 'POST', url: '/api/org/divisions/370883/import' });
    expect(first.json()).toMatchObject({ county: '370883', name: '邹城市', added: 0 });
    expect((await admin.inject({ method: 'POST', url: '/api/org/divisions/999999/import' })).statusCode).toBe(404);
    // Another county is outside a county administrator's region.
    expect((await admin.inject({ method: 'POST', url: '/api/org/divisions/370881/import' })).statusCode).toBe(403);
    expect((await verifyAuditTrail(t.store.db)).ok).toBe(true);
  });
});
