// Whether a process can be worked: every user task offered to a department needs an active
// officer of that department, or the instances wait forever at that step. Checked before a
// process is deployed or a bundle published, and for the open tasks of running instances.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ModelSet } from './model.js';
import { importBpmn } from './bpmn/import.js';

export interface UnstaffedStep {
  processId: string;
  elementId: string;
  elementName: string | null;
  departmentCode: string;
  /** Null when no department has that code in the region. */
  departmentName: string | null;
}

/** The departments that user tasks name literally (an expression `= ...` is decided at run time). */
export function departmentSteps(models: ModelSet): Array<Omit<UnstaffedStep, 'departmentName'>> {
  const out: Array<Omit<UnstaffedStep, 'departmentName'>> = [];
  for (const p of models.processes) {
    for (const node of Object.values(p.nodes)) {
      for (const code of node.candidates?.departments ?? []) {
        if (!code.startsWith('=')) out.push({ processId: p.id, elementId: node.id, elementName: node.name ?? null, departmentCode: code });
      }
    }
  }
  return out;
}

/** Departments of the region (and the regions above it) with at least one active user, by code. */
export async function staffedDepartments(db: Kysely<Database>, codes: string[]): Promise<Map<string, { name: string; staffed: boolean }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('departments')
    .select(['code', 'name', sql<boolean>`exists (select 1 from users u where u.department_id = departments.id and not u.disabled)`.as('staffed')])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, staffed: r.staffed }]));
}

/** Steps of the models that go to a department with no active officer (or no such department). */
export async function unstaffedSteps(db: Kysely<Database>, models: ModelSet): Promise<UnstaffedStep[]> {
  const steps = departmentSteps(models);
  const known = await staffedDepartments(
    db,
    steps.map((s) => s.departmentCode),
  );
  return steps.filter((s) => !known.get(s.departmentCode)?.staffed).map((s) => ({ ...s, departmentName: known.get(s.departmentCode)?.name ?? null }));
}

/** One message naming each department a process cannot be worked in. */
export function unstaffedMessage(steps: UnstaffedStep[]): { zh: string; en: string } {
  const byDept = new Map<string, UnstaffedStep[]>();
  for (const s of steps) byDept.set(s.departmentCode, [...(byDept.get(s.departmentCode) ?? []), s]);
  const zh = [...byDept.values()].map((list) => `${list[0].departmentName ?? list[0].departmentCode}（${list.map((s) => s.elementName ?? s.elementId).join('、')}）`).join('；');
  const en = [...byDept.values()].map((list) => `${list[0].departmentName ?? list[0].departmentCode} (${list.map((s) => s.elementName ?? s.elementId).join(', ')})`).join('; ');
  return {
    zh: `以下部门没有在岗人员，流程到这些环节将无人办理：${zh}。请先为其添加或启用工作人员`,
    en: `these departments have no active officer, so the process would wait forever at their steps: ${en}. Add or enable an officer first`,
  };
}

/** The unstaffed steps of a BPMN document; none when it does not parse (validation reports that). */
export async function unstaffedStepsOf(db: Kysely<Database>, xml: string): Promise<UnstaffedStep[]> {
  const { models } = await importBpmn(xml);
  return models ? unstaffedSteps(db, models) : [];
}
