// The ECharts parts the county map draws (geo boundaries from the county's own GeoJSON and
// the cases as points): no map tiles, nothing fetched from outside.
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([ScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
