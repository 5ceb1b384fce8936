// The leader's rankings: a month's 三率, overdue and reopened rates and report-in punctuality
// per village, township or department, ranked with the county's weights; 每月一题 below;
// the month's rewards and penalties (奖惩), recorded by a leader or administrator against a unit
// of the ranking shown, with who decided and when.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth/AuthContext.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';

import { useI18n } from '../../i18n/index.js';
import { casesApi, type RecurringProblem, type Reward, type Tier, type UnitFigures } from './api.js';
import { TIER_LABELS } from '../../../../src/cases/model.js';
import { useText } from './text.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export default function Rankings() {
  const x = useText();
  const { lang } = useI18n();
  // ?month=YYYY-MM opens another month (a link from a report); else the current month in Beijing time.
  const [params] = useSearchParams();
  const [month, setMonth] = useState(() =>
    /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7),
  );
  const [tier, setTier] = useState<Tier>('township');
  const { data: ranking, error } = useLoad(() => casesApi.ranking(month, tier), [month, tier]);
  // (no recurring problems listed after a failure)
  const problemAnswer = useLoad(() => casesApi.problems(month), [month]);
  const problems = problemAnswer.error ? [] : (problemAnswer.data?.items ?? []);
  const { user } = useAuth();
  const mayPrint = user?.role === 'admin' || user?.role === 'leader' || user?.role === 'reform_office';
  const mayDecide = user?.role === 'admin' || user?.role === 'leader';
  const [decision, setDecision] = useState<{ unitKey?: string; kind: 'reward' | 'penalty'; note: string }>({ kind: 'penalty', note: '' });
  const [decisionMessage, setDecisionMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Rewards and penalties decided for the month (none listed after a failure).
  const rewardAnswer = useLoad(() => (mayPrint ? casesApi.rewards(month) : Promise.resolve({ items: [] })), [month, mayPrint]);
  const rewards = rewardAnswer.error ? [] : (rewardAnswer.data?.items ?? []);
  const loadRewards = rewardAnswer.reload;
  useEffect(() => setDecision((d) => ({ ...d, unitKey: undefined })), [tier, month]);
  const record = async () => {
    setDecisionMessage(null);
    if (!decision.unitKey || !decision.note.trim()) return setDecisionMessage({ ok: false, text: x('decisionIncomplete') });
    try {
      await casesApi.recordReward({ month, unitKind: tier, unitKey: decision.unitKey, kind: decision.kind, note: decision.note.trim() });
      setDecision({ kind: decision.kind, note: '' });
      setDecisionMessage({ ok: true, text: x('saved') });
      loadRewards();
    } catch (err) {
      setDecisionMessage({ ok: false, text: errorText(err, lang) });
    }
  };
  const unitName = (r: Reward) => r.unitName ?? (r.unitKind === tier ? ranking?.units.find((u) => u.key === r.unitKey)?.name : undefined) ?? r.unitKey;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input type="month" value={month} onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setMonth(e.target.value)} aria-label={x('month')} style={{ width: 160 }} />
        <Segmented
          value={tier}
          onChange={(v) => setTier(v as Tier)}
          options={[
            { value: 'village', label: lang === 'en' ? 'Villages' : '村（社区）' },
            { value: 'township', label: lang === 'en' ? 'Townships' : '镇（街道）' },
            { value: 'department', label: lang === 'en' ? 'Departments' : '县级部门' },
          ]}
        />
        {mayPrint && (
          <>
            <Button icon={<DownloadOutlined />} href={`/api/cases/report?month=${month}&format=pdf`}>
              PDF
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/cases/report?month=${month}&format=xlsx`}>
              xlsx
            </Button>
          </>
        )}
      </Space>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      {ranking && (
        <Typography.Text type="secondary">{x('weights', { r: ranking.weights.response, s: ranking.weights.resolution, m: ranking.weights.satisfaction })}</Typography.Text>
      )}
      <Table<UnitFigures>
        rowKey="key"
        size="small"
        dataSource={ranking?.units ?? []}
        scroll={{ x: 900 }}
        columns={[
          { title: x('rank'), dataIndex: 'rank', width: 60 },
          {
            title: x('unit'),
            dataIndex: 'name',
            render: (name: string, u) => (
              <Space size={4}>
                {name}
                {u.smallSample && <Tag>{x('smallSample')}</Tag>}
              </Space>
            ),
          },
          { title: x('cases'), dataIndex: 'assigned', width: 70, align: 'right' },
          { title: x('responseRate'), dataIndex: 'responseRate', render: pct, align: 'right' },
          { title: x('resolutionRate'), dataIndex: 'resolutionRate', render: pct, align: 'right' },
          { title: x('satisfactionRate'), dataIndex: 'satisfactionRate', render: pct, align: 'right' },
          { title: x('overdueRate'), dataIndex: 'overdueRate', render: pct, align: 'right' },
          { title: x('reopenedRate'), dataIndex: 'reopenedRate', render: pct, align: 'right' },
          ...(tier === 'department'
            ? [
                { title: x('punctuality'), dataIndex: 'punctuality', render: pct, align: 'right' as const },
                { title: x('lateReportIns'), dataIndex: 'reportInsLate', align: 'right' as const, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
              ]
            : []),
          { title: x('score'), dataIndex: 'score', align: 'right', width: 80 },
        ]}
      />
      {mayPrint && (
        <>
          <Typography.Title level={5}>{x('rewardsTitle')}</Typography.Title>
          {mayDecide && (
            <Space wrap>
              <Select
                style={{ minWidth: 220 }}
                showSearch
                optionFilterProp="label"
                placeholder={x('chooseUnit')}
                aria-label={x('chooseUnit')}
                value={decision.unitKey}
                onChange={(unitKey: string) => setDecision((d) => ({ ...d, unitKey }))}
                options={(ranking?.units ?? []).map((u) => ({ value: u.key, label: `${u.rank}. ${u.name}` }))}
              />
              <Segmented
                value={decision.kind}
                onChange={(kind) => setDecision((d) => ({ ...d, kind: kind as 'reward' | 'penalty' }))}
                options={[
                  { value: 'reward', label: x('reward') },
                  { value: 'penalty', label: x('penalty') },
                ]}
              />
              <Input
                style={{ width: 320 }}
                maxLength={1000}
                placeholder={x('decisionNote')}
                aria-label={x('decisionNote')}
                value={decision.note}
                onChange={(e) => setDecision((d) => ({ ...d, note: e.target.value }))}
              />
              <Button type="primary" onClick={() => void record()}>
                {x('recordDecision')}
              </Button>
            </Space>
          )}
          {decisionMessage && <Alert type={decisionMessage.ok ? 'success' : 'error'} showIcon title={decisionMessage.text} />}
          <Table<Reward>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rewards}
            locale={{ emptyText: x('noRewards') }}
            columns={[
              { title: x('tier'), dataIndex: 'unitKind', render: (t: Tier) => (lang === 'en' ? TIER_LABELS[t].en : TIER_LABELS[t].zh) },
              { title: x('unit'), render: (_v, r) => unitName(r) },
              { title: x('decisionKind'), dataIndex: 'kind', render: (k: Reward['kind']) => <Tag color={k === 'reward' ? 'green' : 'red'}>{x(k)}</Tag> },
              { title: x('decisionNote'), dataIndex: 'note' },
              { title: x('decidedBy'), dataIndex: 'decidedBy' },
              {
                title: x('decidedAt'),
                dataIndex: 'decidedAt',
                render: (at: string) => new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }),
              },
            ]}
          />
        </>
      )}
      <Typography.Title level={5}>{x('problems')}</Typography.Title>
      <Table<RecurringProblem>
        rowKey={(p) => `${p.regionCode}-${p.categoryCode}`}
        size="small"
        pagination={false}
        dataSource={problems}
        columns={[
          { title: x('township'), dataIndex: 'regionName' },
          { title: x('category'), dataIndex: 'categoryName' },
          { title: x('cases'), dataIndex: 'cases', align: 'right' },
        ]}
      />
    </Space>
  );
}
