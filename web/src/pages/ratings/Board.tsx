// The leader's reform board (领导驾驶舱): the reform's figures from the ledger, service
// delivery from the engine, the closed loop of cases (when provided), and ratings, for a
// region and month, with drill-down county → township → department.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Empty, Row, Space, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { DIMENSION_LABELS } from '../../../../src/rating/model.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import BarChart from '../../components/BarChart.js';
import { pct, ratingsApi, thisMonth } from './api.js';
import { RankingTable } from './Rankings.js';
import { useText } from './text.js';
import { useDepartments } from '../reform/shared.js';
import TrendChart from './TrendChart.js';

export default function Board() {
  const { tx, label, lang } = useText();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const regionCode = params.get('region') ?? undefined;
  const departmentCode = params.get('department') ?? undefined;
  const { name: departmentName } = useDepartments();
  // The regions walked down to this one: each answer extends the trail or goes back along it.
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const { data: board, error } = useLoad(
    (signal) =>
      ratingsApi.board({ month, regionCode, departmentCode }).then((b) => {
        if (!signal.aborted)
          setTrail((t) => {
            const i = t.findIndex((x) => x.code === b.regionCode);
            return i >= 0 ? t.slice(0, i + 1) : [...t, { code: b.regionCode, name: b.regionName }];
          });
        return b;
      }),
    [month, regionCode, departmentCode],
    { keep: 'reload' },
  );
  const go = (next: { region?: string; department?: string; month?: string }) => {
    const p: Record<string, string> = { tab: 'board', month: next.month ?? month };
    if (next.region) p.region = next.region;
    if (next.department) p.department = next.department;
    setParams(p);
  };
  const trendData = useMemo(
    () => board && { dates: board.ratings.trend.map((d) => d.date), totals: board.ratings.trend.map((d) => d.total), negatives: board.ratings.trend.map((d) => d.negative) },
    [board],
  );

  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!board) return <Spin />;
  const { reform, delivery, ratings, closedLoop, blockers } = board;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="reform-board">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Breadcrumb
          items={[
            ...trail.map((r) => ({ title: <a onClick={() => go({ region: r.code })}>{r.name}</a> })),
            ...(board.departmentCode ? [{ title: departmentName(board.departmentCode) }] : []),
          ]}
        />
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && go({ month: d.format('YYYY-MM'), region: regionCode, department: departmentCode })}
          />
          <Button href={ratingsApi.reportUrl('week')}>{tx('weekly')}</Button>
          <Button href={ratingsApi.reportUrl('month')}>{tx('monthly')}</Button>
        </Space>
      </Space>
      {board.children.length > 0 && (
        <Space wrap>
          {tx('drill')}：
          {board.children.map((c) => (
            <Button key={c.code} size="small" onClick={() => go({ region: c.code })}>
              {c.name}
            </Button>
          ))}
        </Space>
      )}

      <Card title={tx('ratingsSection')} size="small" data-testid="board-ratings">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={tx('total')} value={ratings.total} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('positiveRate')} value={pct(ratings.positiveRate)} data-testid="board-positive-rate" />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('negative')} value={ratings.negative} data-testid="board-negative" />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('excluded')} value={ratings.excluded} data-testid="board-excluded" />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('openCases')} value={ratings.openCases} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('overdueCases')} value={ratings.overdueCases} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={tx('defaults')} value={ratings.defaults ?? 0} data-testid="board-defaults" />
          </Col>
        </Row>
        {trendData && trendData.dates.length > 0 && <TrendChart {...trendData} names={[tx('total'), tx('negative')]} />}
        {ratings.breakdowns.map((b) => (
          <div key={b.dimension} style={{ marginTop: 12 }}>
            <Typography.Title level={5}>{label(DIMENSION_LABELS[b.dimension])}</Typography.Title>
            {b.rows.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx('none')} />
            ) : (
              <>
                <BarChart
                  categories={b.rows.map((r) => r.name)}
                  values={b.rows.map((r) => Math.round((r.positiveRate ?? 0) * 1000) / 10)}
                  seriesName={tx('positiveRate')}
                  horizontal
                  height={Math.max(120, b.rows.length * 30)}
                />
                <RankingTable rows={b.rows} testId={`board-breakdown-${b.dimension}`} />
                {(b.dimension === 'township' || b.dimension === 'department') && (
                  <Space wrap style={{ marginTop: 8 }}>
                    {b.rows.map((r) => (
                      <Button
                        key={r.key}
                        size="small"
                        type="link"
                        onClick={() => go(b.dimension === 'township' ? { region: r.key } : { region: board.regionCode, department: r.key })}
                        data-testid={`drill-${r.key}`}
                      >
                        {tx('drill')}：{r.name}
                      </Button>
                    ))}
                  </Space>
                )}
              </>
            )}
          </div>
        ))}
      </Card>

      <Card title={tx('delivery')} size="small" data-testid="board-delivery">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={tx('started')} value={delivery.started} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={tx('completed')} value={delivery.completed} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={tx('active')} value={delivery.active} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={tx('onTimeRate')} value={pct(delivery.onTimeRate)} />
          </Col>
        </Row>
        <Typography.Title level={5}>{tx('overdueByDept')}</Typography.Title>
        {delivery.overdueByDepartment.length ? (
          <BarChart
            categories={delivery.overdueByDepartment.map((d) => d.name)}
            values={delivery.overdueByDepartment.map((d) => d.overdue)}
            seriesName={tx('overdueByDept')}
            horizontal
            height={Math.max(120, delivery.overdueByDepartment.length * 30)}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx('none')} />
        )}
      </Card>

      {reform && (
        <Card title={tx('reform')} size="small" data-testid="board-reform">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title={tx('ledgerItems')} value={`${reform.ledgerDone}/${reform.ledgerItems}`} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={tx('materials')} value={`${reform.materialsBefore} → ${reform.materialsAfter}`} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={tx('promisedDays')} value={`${reform.promisedDaysBefore} → ${reform.promisedDaysAfter}`} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={tx('visits')} value={`${reform.visitsBefore} → ${reform.visitsAfter}`} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={tx('bundles')} value={reform.bundlesPublished} />
            </Col>
          </Row>
        </Card>
      )}

      <Card title={tx('closedLoop')} size="small" data-testid="board-closed-loop">
        {closedLoop ? (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={tx('loopReceived')} value={closedLoop.received} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={tx('loopResponse')} value={pct(closedLoop.responseRate)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={tx('loopResolution')} value={pct(closedLoop.resolutionRate)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={tx('loopSatisfaction')} value={pct(closedLoop.satisfactionRate)} />
            </Col>
            {closedLoop.ranking.length > 0 && (
              <Col span={24} data-testid="board-closed-loop-ranking">
                {closedLoop.ranking.slice(0, 10).map((u, i) => (
                  <div key={u.key}>{`${i + 1}. ${u.name} · ${u.score.toFixed(2)}`}</div>
                ))}
              </Col>
            )}
          </Row>
        ) : (
          <Alert type="info" title={tx('closedLoopNone')} />
        )}
      </Card>

      <Card title={tx('blockers')} size="small" data-testid="board-blockers">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={tx('blockersOpen')} value={blockers.open} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={tx('blockersOverdue')} value={blockers.overdue} styles={{ content: { color: blockers.overdue > 0 ? '#cf1322' : undefined } }} />
          </Col>
          <Col xs={8} md={5}>
            <Statistic title={tx('blockersDepartment')} value={blockers.byLevel.department} />
          </Col>
          <Col xs={8} md={5}>
            <Statistic title={tx('blockersTaskForce')} value={blockers.byLevel.taskForce} />
          </Col>
          <Col xs={8} md={5}>
            <Statistic title={tx('blockersCoordination')} value={blockers.byLevel.coordination} />
          </Col>
          <Col span={24} data-testid="board-blockers-departments">
            {blockers.departments.length === 0
              ? tx('blockersNone')
              : blockers.departments.map((d) => <div key={d.code}>{`${d.name}：${d.open}${d.overdue > 0 ? `（${tx('blockersOverdue')} ${d.overdue}）` : ''}`}</div>)}
          </Col>
        </Row>
      </Card>
    </Space>
  );
}
