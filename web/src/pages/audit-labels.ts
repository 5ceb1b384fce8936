// The audit trail's actions and record types in words (审计 page): the trail keeps stable codes
// (`ledger.deadline.recompute`, `ledger_item`), the page says what happened in the chosen
// language and keeps the code beside it for whoever searches by it.
type L = readonly [zh: string, en: string];

/** Record types (the audit row's entity). */
const ENTITIES: Record<string, L> = {
  analyze_finding: ['分析发现', 'finding'],
  analyze_rule_setting: ['分析规则设置', 'rule setting'],
  bundle: ['一件事', 'bundle'],
  calendar_year: ['节假日安排', 'holiday year'],
  case: ['诉求', 'case'],
  case_boundaries: ['网格边界', 'grid boundaries'],
  case_category: ['诉求类别', 'case category'],
  case_responsibilities: ['责任清单', 'responsibilities'],
  case_reward: ['奖惩', 'reward'],
  case_settings: ['诉求设置', 'case settings'],
  case_time_limits: ['办理时限', 'time limits'],
  catalogue: ['事项清单', 'catalogue'],
  department: ['部门', 'department'],
  engine_deployment: ['流程部署', 'deployment'],
  engine_incident: ['流程异常', 'incident'],
  engine_instance: ['流程实例', 'process instance'],
  engine_job: ['定时任务', 'timer'],
  engine_message: ['流程消息', 'message'],
  engine_task: ['待办', 'task'],
  enterprise: ['企业', 'enterprise'],
  enterprises: ['企业名录', 'enterprise roster'],
  enterprise_request: ['企业诉求', 'enterprise request'],
  enterprise_tier_rules: ['企业分级规则', 'tier rules'],
  ledger_item: ['台账事项', 'ledger item'],
  matter: ['事项', 'matter'],
  mining_log: ['事件日志', 'event log'],
  organisation: ['组织机构', 'organisation'],
  project: ['项目', 'project'],
  project_blocker: ['堵点', 'blocker'],
  project_item: ['督办事项', 'follow-up item'],
  project_meeting: ['调度会', 'meeting'],
  project_milestone_templates: ['里程碑模板', 'milestone template'],
  rating: ['评价', 'rating'],
  rating_case: ['差评整改', 'rectification'],
  rating_ranking: ['评价排名', 'ranking'],
  rating_rules: ['评价规则', 'rating rules'],
  rating_visit: ['回访', 'visit'],
  region: ['区划', 'region'],
  region_calendar: ['区划日历', 'regional calendar'],
  task_delegation: ['委托', 'delegation'],
  user: ['用户', 'user'],
  window_application: ['申请', 'application'],
  window_certificate: ['证照', 'certificate'],
  window_verification: ['核验', 'verification'],
};

/** The first part of an action code: what it acts on. */
const SUBJECTS: Record<string, L> = {
  analyze: ['流程再造分析', 'analysis'],
  auth: ['登录', 'sign-in'],
  bundle: ['一件事', 'bundle'],
  calendar: ['工作日历', 'calendar'],
  case: ['诉求', 'case'],
  catalog: ['事项清单', 'catalogue'],
  department: ['部门', 'department'],
  engine: ['流程', 'process'],
  enterprise: ['企业', 'enterprise'],
  ledger: ['台账', 'ledger'],
  mining: ['流程挖掘', 'mining'],
  org: ['组织机构', 'organisation'],
  project: ['项目', 'project'],
  rating: ['评价', 'rating'],
  region: ['区划', 'region'],
  user: ['用户', 'user'],
  window: ['综合窗口', 'window'],
};

/** The last part of an action code: what was done. */
const VERBS: Record<string, L> = {
  accept: ['受理', 'accept'],
  add: ['新增', 'add'],
  answer: ['答复', 'answer'],
  apply_fix: ['应用修复', 'apply fix'],
  approval: ['审批', 'approval'],
  assign: ['派遣', 'assign'],
  attach: ['关联', 'attach'],
  cancel: ['终止', 'cancel'],
  change_password: ['修改密码', 'change password'],
  check: ['核查', 'check'],
  claim: ['认领', 'claim'],
  close: ['办结', 'close'],
  complete: ['办理完成', 'complete'],
  conclude: ['办结', 'conclude'],
  contact: ['联系', 'contact'],
  coordination: ['调度会', 'coordination meeting'],
  create: ['新增', 'create'],
  decide: ['决定', 'decide'],
  default: ['默认好评', 'default rating'],
  delegate: ['委托', 'delegate'],
  delegation_revoke: ['撤销委托', 'revoke delegation'],
  delete: ['删除', 'delete'],
  deploy: ['部署', 'deploy'],
  done: ['办结', 'done'],
  end: ['结束', 'end'],
  escalate: ['提级', 'escalate'],
  evaluate: ['评价', 'evaluate'],
  file: ['提交', 'file'],
  form: ['填写表单', 'fill form'],
  handle: ['办理', 'handle'],
  import: ['导入', 'import'],
  import_official: ['载入官方区划', 'import official tree'],
  load: ['加载', 'load'],
  message: ['消息', 'message'],
  milestone: ['里程碑', 'milestone'],
  officer: ['指派服务专员', 'assign officer'],
  open: ['发起', 'open'],
  publish: ['发布', 'publish'],
  reassign: ['转办', 'reassign'],
  recompute: ['期限重算', 'recompute deadline'],
  reject: ['不予受理', 'reject'],
  remove: ['删除', 'remove'],
  replace: ['替换', 'replace'],
  report: ['上报', 'report'],
  reset_password: ['重置密码', 'reset password'],
  resolve: ['解决', 'resolve'],
  resolve_incident: ['处理异常', 'resolve incident'],
  respond: ['响应', 'respond'],
  return: ['退回', 'return'],
  revise: ['修订', 'revise'],
  rules: ['规则', 'rules'],
  save: ['保存', 'save'],
  seed: ['初始化', 'seed'],
  set: ['设置', 'set'],
  signin: ['登录', 'sign in'],
  signout: ['退出', 'sign out'],
  start: ['发起', 'start'],
  status: ['状态变更', 'status'],
  store: ['保存', 'store'],
  supplement: ['补正告知', 'supplement notice'],
  task_force: ['专班会', 'task-force meeting'],
  template: ['模板', 'template'],
  tier_rules: ['分级规则', 'tier rules'],
  unlock: ['解锁', 'unlock'],
  update: ['修改', 'update'],
  version: ['新版本', 'new version'],
  visit: ['走访', 'visit'],
  whistle: ['吹哨', 'whistle'],
  flag_leader: ['报领导督办', 'flag to the leader'],
  acknowledge: ['签收', 'acknowledge'],
  on_site: ['到场', 'on site'],
  transfer: ['转派', 'transfer'],
};

const pickL = (l: L, en: boolean) => (en ? l[1] : l[0]);

/** An action code in words: 台账 · 期限重算 / ledger · recompute deadline; the code itself when unknown. */
export function actionLabel(action: string, en: boolean): string {
  const parts = action.split('.');
  const subject = SUBJECTS[parts[0]];
  const verb = VERBS[parts[parts.length - 1]];
  if (!subject || !verb) return action;
  return `${pickL(subject, en)} · ${pickL(verb, en)}`;
}

/** A record type in words (台账事项); the code itself when unknown. */
export function entityLabel(entity: string, en: boolean): string {
  const l = ENTITIES[entity];
  return l ? pickL(l, en) : entity;
}

/** A step's code in words (a case's history: assign → 派遣, report_in.on_site → 到场); the code when unknown. */
export function stepLabel(code: string, en: boolean): string {
  const verb = VERBS[code.split('.').pop() ?? code];
  return verb ? pickL(verb, en) : code;
}
