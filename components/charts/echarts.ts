// The one place ECharts is assembled: only the line chart, its axes, tooltip, legend and the SVG
// renderer (docs/architecture.md: tree-shaken echarts/core). Imported dynamically by LineChart, so a page
// carries none of it in its first load: a chart loads its own code only when it is drawn.
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export { echarts };
