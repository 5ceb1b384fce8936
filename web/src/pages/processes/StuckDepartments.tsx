// Departments with open tasks and nobody to work them: their cases wait until someone adds an
// officer or reassigns the tasks (转办).
import { Alert } from 'antd';
import { taskApi, type StuckDepartment } from '../../api/tasks.js';
import { useLoad } from '../../api/useLoad.js';
import { useBi } from '../org/bi.js';

export default function StuckDepartments() {
  const b = useBi();
  // a failure shows nothing: the warning is a courtesy on top of the worklist
  const items: StuckDepartment[] = useLoad((signal) => taskApi.stuck(signal), []).data?.items ?? [];
  if (!items.length) return null;
  const list = items.map((d) => b(`${d.name}（${d.openTasks} 件）`, `${d.name} (${d.openTasks})`)).join(b('、', ', '));
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="stuck-departments"
      title={b(
        `以下部门有待办任务但没有在岗人员：${list}。请在组织机构中添加人员，或将任务转办。`,
        `These departments have open tasks and no active user: ${list}. Add an officer under Organisation, or reassign the tasks.`,
      )}
    />
  );
}
