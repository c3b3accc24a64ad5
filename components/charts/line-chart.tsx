"use client";

import { useEffect, useRef } from "react";

export interface LineSeries {
  name: string;
  /** One value per category; null where there is none (a month not reached). */
  values: (number | null)[];
  color: string;
  dashed?: boolean;
}

/**
 * A line chart drawn by ECharts once the page has loaded (values on hover). It is decoration for
 * sighted users: the figure around it carries the same numbers as a table (ChartFigure), so it is
 * hidden from screen readers, and nothing depends on it having loaded.
 */
export function LineChart({ categories, series, suffix = "", height = 240 }: { categories: string[]; series: LineSeries[]; suffix?: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify({ categories, series, suffix });
  useEffect(() => {
    const { categories, series, suffix } = JSON.parse(key) as { categories: string[]; series: LineSeries[]; suffix: string };
    let disposed = false;
    let dispose = () => {};
    void import("./echarts").then(({ echarts }) => {
      const element = ref.current;
      if (disposed || !element) return;
      const chart = echarts.init(element, null, { renderer: "svg", locale: "ZH" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { fontSize: 12 } },
        tooltip: { trigger: "axis", valueFormatter: (v: unknown) => (v == null || v === "-" ? "—" : `${String(v)}${suffix}`) },
        xAxis: { type: "category", data: categories, boundaryGap: false, axisLabel: { fontSize: 11 } },
        yAxis: { type: "value", axisLabel: { formatter: `{value}${suffix}`, fontSize: 11 } },
        series: series.map((s) => ({
          name: s.name,
          type: "line",
          data: s.values,
          symbolSize: 6,
          connectNulls: false,
          lineStyle: { color: s.color, type: s.dashed ? "dashed" : "solid", width: 2 },
          itemStyle: { color: s.color },
        })),
      });
      const resize = () => chart.resize();
      window.addEventListener("resize", resize);
      window.addEventListener("beforeprint", resize);
      dispose = () => {
        window.removeEventListener("resize", resize);
        window.removeEventListener("beforeprint", resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [key]);
  return <div ref={ref} aria-hidden="true" data-chart="line" className="w-full" style={{ height }} />;
}
