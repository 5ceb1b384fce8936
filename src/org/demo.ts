// The demo organisation loaded on first start: Zoucheng (邹城市), Shandong, with its
// official townships and villages, its departments, and one user per role.
import type { Region, Role } from './model.js';

export const DEMO_CITY_CODE = '370883';

/**
 * The demo county is the real one: its official townships and villages are loaded from the
 * statistics bureau's division codes (src/org/divisions.ts). Below them, grids (网格) are a
 * county's own division; the demo has two in 曾家沟村 (370883001201), where the demo grid
 * worker works.
 */
export const DEMO_GRIDS: Region[] = [
  { code: '370883001201001', name: '曾家沟村第一网格', level: 'grid', parentCode: '370883001201' },
  { code: '370883001201002', name: '曾家沟村第二网格', level: 'grid', parentCode: '370883001201' },
];

/** Department codes are stable identifiers the demo catalogue refers to. */
export const DEMO_DEPARTMENTS: Array<{ code: string; name: string; regionCode: string }> = [
  { code: 'XZSP', name: '行政审批服务局', regionCode: '370883' },
  { code: 'ZJJ', name: '住房和城乡建设局', regionCode: '370883' },
  { code: 'SJJ', name: '市场监督管理局', regionCode: '370883' },
  { code: 'SFJ', name: '司法局', regionCode: '370883' },
  { code: 'RSJ', name: '人力资源和社会保障局', regionCode: '370883' },
  { code: 'SWJ', name: '税务局', regionCode: '370883' },
  { code: 'GAJ', name: '公安局', regionCode: '370883' },
  { code: 'ZRZY', name: '自然资源和规划局', regionCode: '370883' },
  { code: 'FGJ', name: '发展和改革局', regionCode: '370883' },
  { code: 'YJJ', name: '应急管理局', regionCode: '370883' },
  { code: 'GJJ', name: '住房公积金管理中心', regionCode: '370883' },
  { code: 'XFJY', name: '消防救援大队', regionCode: '370883' },
  { code: 'RFB', name: '人民防空办公室', regionCode: '370883' },
  { code: 'STHJ', name: '生态环境分局', regionCode: '370883' },
  { code: 'RMYH', name: '人民银行邹城支行', regionCode: '370883' },
  { code: 'DSJ', name: '大数据中心', regionCode: '370883' },
  { code: 'GS-SHB', name: '钢山街道便民服务中心', regionCode: '370883001' },
];

/** One demo user per role; department officers belong to a department by code. */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; regionCode: string; departmentCode?: string }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: '370883' },
  { username: 'reform', displayName: '改革办 王主任', role: 'reform_office', regionCode: '370883' },
  { username: 'clerk', displayName: '综合窗口 李娜', role: 'window_clerk', regionCode: '370883', departmentCode: 'XZSP' },
  { username: 'officer', displayName: '住建局 张伟', role: 'department_officer', regionCode: '370883', departmentCode: 'ZJJ' },
  { username: 'officer.sjj', displayName: '市场监管局 刘洋', role: 'department_officer', regionCode: '370883', departmentCode: 'SJJ' },
  { username: 'dispatcher', displayName: '钢山街道 调度员 陈静', role: 'dispatcher', regionCode: '370883001' },
  { username: 'grid', displayName: '曾家沟村 网格员 赵强', role: 'grid_worker', regionCode: '370883001201' },
  { username: 'leader', displayName: '市政府 孙市长', role: 'leader', regionCode: '370883' },
  { username: 'applicant', displayName: '申请人 周敏', role: 'applicant', regionCode: '370883' },
  { username: 'applicant2', displayName: '申请人 吴磊', role: 'applicant', regionCode: '370883' },
  // An officer for every other department the demo catalogue's steps go to: a step offered to
  // a department without anyone waits forever, so publishing it is refused.
  { username: 'officer.rsj', displayName: '人社局 郑华', role: 'department_officer', regionCode: '370883', departmentCode: 'RSJ' },
  { username: 'officer.gaj', displayName: '公安局 冯军', role: 'department_officer', regionCode: '370883', departmentCode: 'GAJ' },
  { username: 'officer.swj', displayName: '税务局 何平', role: 'department_officer', regionCode: '370883', departmentCode: 'SWJ' },
  { username: 'officer.gjj', displayName: '公积金中心 高峰', role: 'department_officer', regionCode: '370883', departmentCode: 'GJJ' },
  { username: 'officer.rmyh', displayName: '人民银行 林芳', role: 'department_officer', regionCode: '370883', departmentCode: 'RMYH' },
  { username: 'officer.zrzy', displayName: '自然资源局 罗斌', role: 'department_officer', regionCode: '370883', departmentCode: 'ZRZY' },
  { username: 'officer.fgj', displayName: '发改局 梁涛', role: 'department_officer', regionCode: '370883', departmentCode: 'FGJ' },
  { username: 'officer.rfb', displayName: '人防办 宋洁', role: 'department_officer', regionCode: '370883', departmentCode: 'RFB' },
];
