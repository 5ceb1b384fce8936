// 一窗受理: the one-window service. What the page shows follows the role: applicants apply and
// follow their applications (phone-first), window clerks take in and decide, departments work
// their tasks, the reform office and leaders watch the supervision board.
import { Routes, Route, Link } from 'react-router-dom';
import { Button, Space } from 'antd';
import { useAuth } from '../../auth/AuthContext.js';
import { ApplicationView } from './ApplicationView.js';
import { ApplyWizard } from './ApplyWizard.js';
import { MyApplications } from './MyApplications.js';
import { ServiceList } from './ServiceList.js';
import { ClerkActions, IntakeQueue, SupervisionBoard, TaskView, Worklist } from './Office.js';
import { useText } from './text.js';

function Home() {
  const { user } = useAuth();
  const tx = useText();
  if (!user) return null;
  switch (user.role) {
    case 'applicant':
      return (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ServiceList />
          <MyApplications />
          <Link to="/track">
            <Button block type="link">
              {tx('track')}
            </Button>
          </Link>
        </Space>
      );
    case 'window_clerk':
      // The clerk applies at the counter on an applicant's behalf with the same wizard (scanned materials).
      return (
        <Space direction="vertical" style={{ width: '100%' }}>
          <IntakeQueue />
          <Worklist />
          <ServiceList />
        </Space>
      );
    case 'department_officer':
      return <Worklist />;
    case 'reform_office':
    case 'leader':
    case 'admin':
      return (
        <Space direction="vertical" style={{ width: '100%' }}>
          <SupervisionBoard />
          <MyApplications />
        </Space>
      );
    default:
      return <MyApplications />;
  }
}

export default function WindowPage() {
  const { user } = useAuth();
  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Routes>
        <Route index element={<Home />} />
        <Route path="apply/:serviceId" element={<ApplyWizard />} />
        <Route
          path="applications/:id"
          element={
            <ApplicationView actions={user && (user.role === 'window_clerk' || user.role === 'admin') ? (a, reload) => <ClerkActions a={a} reload={reload} /> : undefined} />
          }
        />
        <Route path="tasks/:taskId" element={<TaskView />} />
      </Routes>
    </div>
  );
}
