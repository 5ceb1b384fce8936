// Cases (诉求案件): the board (every office's worklist with its clocks), the phone report
// form, the rankings; one case at /cases/:id.
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { Space, Tabs, Typography } from 'antd';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { NotFound } from '../StatusPage.js';
import Board from './Board.js';
import CaseMap from './CaseMap.js';
import CaseView from './CaseView.js';
import Rankings from './Rankings.js';
import ReportForm from './ReportForm.js';
import Categories from './Categories.js';
import Responsibilities from './Responsibilities.js';
import Settings from './Settings.js';
import { useText } from './text.js';

const REPORTERS = new Set(['grid_worker', 'dispatcher', 'admin', 'applicant']);
const RANKING_READERS = new Set(['admin', 'leader', 'reform_office', 'dispatcher']);

function CasesHome() {
  const x = useText();
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const role = user?.role ?? '';
  const items = [
    ...(role !== 'applicant' ? [{ key: 'board', label: x('board'), children: <Board /> }] : []),
    ...(role !== 'applicant' && role !== 'grid_worker' ? [{ key: 'map', label: x('map'), children: <CaseMap /> }] : []),
    ...(REPORTERS.has(role) ? [{ key: 'report', label: x('report'), children: <ReportForm /> }] : []),
    ...(RANKING_READERS.has(role) ? [{ key: 'rankings', label: x('rankings'), children: <Rankings /> }] : []),
    ...(role === 'admin'
      ? [
          { key: 'responsibilities', label: x('responsibilitiesTab'), children: <Responsibilities /> },
          { key: 'categories', label: x('categoriesTab'), children: <Categories /> },
          { key: 'settings', label: x('settings'), children: <Settings /> },
        ]
      : []),
  ];
  // A grid worker lands on the report form (the phone's first screen).
  const fallback = role === 'grid_worker' || role === 'applicant' ? 'report' : items[0]?.key;
  const tab = items.some((i) => i.key === params.get('tab')) ? params.get('tab')! : fallback;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {t('nav.cases')}
      </Typography.Title>
      <Typography.Text type="secondary">{x('intro')}</Typography.Text>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} items={items} />
    </Space>
  );
}

export default function CasesPage() {
  return (
    <Routes>
      <Route index element={<CasesHome />} />
      <Route path=":id" element={<CaseView />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
