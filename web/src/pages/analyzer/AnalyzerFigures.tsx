// The catalogue's figures before and after all fixes, as a chart and as a table.
import { lazy, Suspense, useMemo } from 'react';
import { Card, Col, Row, Skeleton } from 'antd';
import { MATTER_FIGURE_KEYS } from '../../api/catalogue.js';
import { useI18n } from '../../i18n/index.js';
import { FigureTable, figureLabel, figureRows, shortLabel } from '../reform/shared.js';
import type { Analysis } from '../../api/analyzer.js';

const CHART_KEYS = ['materialsToSubmit', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promisedDays', 'criticalPathDays'] as const;

const BeforeAfterChart = lazy(() => import('../../components/BeforeAfterChart.js'));

export function AnalyzerFigures({ analysis, stage }: { analysis: Analysis; stage: 'to_be' | 'as_is' }) {
  const { t } = useI18n();
  const chart = useMemo(() => {
    return {
      categories: CHART_KEYS.map((k) => shortLabel(figureLabel(t, k))),
      before: CHART_KEYS.map((k) => analysis.figures.asIs.catalogue[k]),
      after: CHART_KEYS.map((k) => analysis.figures.toBe.catalogue[k]),
    };
  }, [analysis, t]);
  const beforeName = stage === 'to_be' ? t('analyzer.current') : t('stage.as_is');
  const afterName = t('analyzer.afterAllFixes');
  return (
    <Card title={t('analyzer.figuresTitle')}>
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Suspense fallback={<Skeleton active />}>
            <BeforeAfterChart
              categories={chart.categories}
              before={chart.before}
              after={chart.after}
              beforeName={beforeName}
              afterName={afterName}
              ariaLabel={t('analyzer.figuresTitle')}
            />
          </Suspense>
        </Col>
        <Col xs={24} xl={10}>
          <FigureTable
            testId="analyzer-figures"
            rows={figureRows(t, ['matters', ...MATTER_FIGURE_KEYS], { ...analysis.figures.asIs.catalogue }, { ...analysis.figures.toBe.catalogue })}
            beforeTitle={beforeName}
            afterTitle={afterName}
          />
        </Col>
      </Row>
    </Card>
  );
}
