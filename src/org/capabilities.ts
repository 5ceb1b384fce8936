// Who may do what, by role: one named list per capability. Route declarations
// (`config.access`) use these lists, the stores check the same lists for callers that do
// not come through HTTP (the CLI), and docs/security.md prints them as a role × capability
// table that a test compares with the declarations.
import type { Role } from './model.js';

export interface Capability {
  roles: readonly Role[];
  zh: string;
  en: string;
}

// Each capability its own array: the access table tells capabilities with the same roles apart by identity.
const cap = (roles: readonly Role[], zh: string, en: string): Capability => ({ roles: [...roles], zh, en });

/** Office staff: everyone who works inside the administration (not applicants, not grid workers). */
const OFFICE: readonly Role[] = ['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'leader'];

export const CAPABILITIES = {
  catalogueWrite: cap(['admin', 'reform_office', 'department_officer'], '修改事项清单、导入', 'change and import the catalogue'),
  ledgerRead: cap(OFFICE, '查看流程再造台账及佐证材料', 'read the reengineering ledger and its evidence'),
  ledgerWrite: cap(['admin', 'reform_office', 'department_officer'], '修改台账、上传佐证', 'change the ledger, attach evidence'),
  analysisRead: cap(['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk'], '查看再造分析', 'read the reengineering analysis'),
  analysisConfigure: cap(['admin', 'reform_office'], '配置规则、应用修复', 'configure rules, apply fixes'),
  bundleRead: cap([...OFFICE, 'applicant'], '查看一件事（申请人仅已发布）', 'read bundles (applicants: published only)'),
  bundleWrite: cap(['admin', 'reform_office'], '创建、修改、发布一件事', 'create, revise, publish bundles'),
  calendarLoad: cap(['admin'], '加载节假日安排', 'load a holiday arrangement'),
  processDeploy: cap(['admin', 'reform_office'], '部署流程', 'deploy processes'),
  processStart: cap(OFFICE, '发起流程实例', 'start process instances'),
  processOperate: cap(['admin', 'reform_office', 'leader', 'dispatcher'], '取消实例、处理异常、导出历史', 'cancel instances, resolve incidents, export history'),
  processMessage: cap(['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher'], '发送流程消息', 'publish process messages'),
  miningLogs: cap(['admin', 'reform_office', 'leader', 'department_officer', 'dispatcher'], '存储、分析事件日志', 'store and analyse event logs'),
  miningHistory: cap(['admin', 'reform_office', 'leader', 'dispatcher'], '挖掘引擎历史', 'mine the engine’s history'),
  usersRead: cap(['admin', 'reform_office', 'leader'], '查看用户', 'list users'),
  usersUnlock: cap(['admin'], '解锁账户', 'unlock accounts'),
  auditRead: cap(['admin', 'reform_office', 'leader'], '查看审计记录', 'read the audit trail'),
  auditVerify: cap(['admin'], '校验审计链', 'verify the audit chain'),
} as const satisfies Record<string, Capability>;

export type CapabilityName = keyof typeof CAPABILITIES;

/** The role list of a capability, as a route declaration takes it. */
export function rolesOf(name: CapabilityName): readonly Role[] {
  return CAPABILITIES[name].roles;
}

export function may(role: Role, name: CapabilityName): boolean {
  return CAPABILITIES[name].roles.includes(role);
}
