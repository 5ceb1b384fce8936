// 好差评: an applicant rates their finished work (phone-first); the window opens the rating
// pad; the reform office and departments work the 差评 cases; the reform office and leaders
// see the rankings and the reform board (the leader lands on the board).
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { Space, Tabs, Typography } from 'antd';
import { useAuth } from '../../auth/AuthContext.js';
import { NotFound } from '../StatusPage.js';
import Board from './Board.js';
import Cases from './Cases.js';
import CaseView from './CaseView.js';
import Pad, { PadStart, VisitPad } from './Pad.js';
import Rankings from './Rankings.js';
import RateMine from './RateMine.js';
import Rules from './Rules.js';
import { useText } from './text.js';

const FIGURE_ROLES = new Set(['admin', 'reform_office', 'leader']);
const CASE_ROLES = new Set(['admin', 'reform_office', 'leader', 'department_officer']);

function Office() {
  const { tx } = useText();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  if (!user) return null;
  const figures = FIGURE_ROLES.has(user.role);
  const tabs = [
    ...(figures ? [{ key: 'board', label: tx('tabBoard'), children: <Board /> }] : []),
    ...(CASE_ROLES.has(user.role) ? [{ key: 'cases', label: tx('tabCases'), children: <Cases /> }] : []),
    ...(figures
      ? [
          { key: 'rankings', label: tx('tabRankings'), children: <Rankings /> },
          { key: 'rules', label: tx('tabRules'), children: <Rules /> },
        ]
      : []),
  ];
  // The leader lands on the board; the reform office and departments on their cases.
  const fallback = user.role === 'leader' ? 'board' : (tabs.find((t) => t.key === 'cases')?.key ?? tabs[0]?.key);
  const requested = params.get('tab');
  const active = tabs.some((t) => t.key === requested) ? requested! : fallback;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {tx('title')}
      </Typography.Title>
      <Tabs activeKey={active} destroyOnHidden onChange={(key) => setParams({ tab: key })} items={tabs} />
    </Space>
  );
}

function Home() {
  const { user } = useAuth();
  if (user?.role === 'applicant') return <RateMine />;
  if (user?.role === 'window_clerk') return <PadStart />;
  return <Office />;
}

export default function RatingsPage() {
  return (
    <Routes>
      <Route index element={<Home />} />
      <Route path="cases/:id" element={<CaseView />} />
      <Route path="pad/visit/:visitId" element={<VisitPad />} />
      <Route path="pad/:instanceId" element={<Pad />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
