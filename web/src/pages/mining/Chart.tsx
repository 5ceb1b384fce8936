// An ECharts canvas for the mining pages: the one chart wrapper with the parts they draw
// with (graph series besides bars and lines).
import EChart, { type EChartProps } from '../../components/EChart.js';

export type ChartProps = Omit<EChartProps, 'parts'>;

const miningParts = () => import('./echarts.js');

export default function Chart(props: ChartProps) {
  return <EChart {...props} parts={miningParts} />;
}
