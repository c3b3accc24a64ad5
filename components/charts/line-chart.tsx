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
/** The width of an A4 portrait column less a card's padding, in CSS pixels (186 mm ≈ 703 px). */
const PRINT_WIDTH = 660;

export function LineChart({ categories, series, suffix = "", height = 240 }: { categories: string[]; series: LineSeries[]; suffix?: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify({ categories, series, suffix, height });
  useEffect(() => {
    const { categories, series, suffix, height } = JSON.parse(key) as { categories: string[]; series: LineSeries[]; suffix: string; height: number };
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
      // ECharts draws its SVG at the box's pixel size without a viewBox; with one (kept equal to that
      // size) the drawing scales with the element, so print can fit it to an A4 column (globals.css).
      const fit = () => element.querySelector("svg")?.setAttribute("viewBox", `0 0 ${chart.getWidth()} ${chart.getHeight()}`);
      chart.on("finished", fit);
      fit();
      const printing = window.matchMedia("print");
      // For paper the chart is redrawn at once at the width of an A4 column, so its labels print at
      // their size rather than shrunk from a wide screen; back to the screen's width afterwards.
      const toPaper = () => {
        chart.resize({ width: PRINT_WIDTH, height });
        chart.getZr().refreshImmediately();
        fit();
      };
      const toScreen = () => chart.resize();
      // A window resize is ignored while printing: Chromium lays a printed page out at the paper's width,
      // and a resize then would change the size at once but redraw only later — the PDF caught the old
      // drawing in the new frame, cropped at November.
      const resize = () => {
        if (!printing.matches) chart.resize();
      };
      const onMedia = () => (printing.matches ? toPaper() : toScreen());
      window.addEventListener("resize", resize);
      window.addEventListener("beforeprint", toPaper);
      window.addEventListener("afterprint", toScreen);
      printing.addEventListener("change", onMedia);
      if (printing.matches) toPaper();
      dispose = () => {
        window.removeEventListener("resize", resize);
        window.removeEventListener("beforeprint", toPaper);
        window.removeEventListener("afterprint", toScreen);
        printing.removeEventListener("change", onMedia);
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
