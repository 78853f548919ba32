/**
 * A horizontal bar chart (Apache ECharts, canvas; only the pieces used are registered, and this
 * module loads with the dashboard page alone). Clicking a bar calls onBar with its index. The
 * chart follows its box's size (ResizeObserver), and after each draw the box carries each bar's
 * centre in data-bar-centers ([[x, y], …] in CSS pixels of the box), so automation can click a bar.
 */
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { createEffect, onCleanup, onMount, type JSX } from 'solid-js';

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export interface Bar {
  title: string;
  value: number;
  display: string;
}

export function BarsChart(props: { label: string; bars: Bar[]; onBar: (index: number) => void; testid?: string }): JSX.Element {
  let box!: HTMLDivElement;
  let chart: echarts.ECharts | undefined;
  const centers = () => {
    if (!chart) return;
    const points = props.bars.map((b, i) => {
      const end = chart?.convertToPixel({ seriesIndex: 0 }, [b.value, i]) as number[] | undefined;
      const start = chart?.convertToPixel({ seriesIndex: 0 }, [0, i]) as number[] | undefined;
      return end && start ? [Math.round((end[0]! + start[0]!) / 2), Math.round(end[1]!)] : null;
    });
    box.dataset.barCenters = JSON.stringify(points);
  };
  onMount(() => {
    chart = echarts.init(box, undefined, { renderer: 'canvas' });
    chart.on('click', (p) => {
      if (p.componentType === 'series' && typeof p.dataIndex === 'number') props.onBar(p.dataIndex);
    });
    chart.on('finished', centers);
    const watch = new ResizeObserver(() => chart?.resize());
    watch.observe(box);
    onCleanup(() => {
      watch.disconnect();
      chart?.dispose();
    });
  });
  createEffect(() => {
    const bars = props.bars;
    if (!chart) return;
    box.style.height = `${Math.max(140, bars.length * 40 + 40)}px`;
    chart.resize();
    chart.setOption(
      {
        aria: { enabled: true, label: { description: `${props.label}：${bars.map((b) => `${b.title} ${b.value}（${b.display}）`).join('；')}` } },
        animation: false,
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        // richText: the tooltip is drawn on the canvas, not written as HTML (no markup from titles a
        // county defines, and no inline style for the CSP to refuse).
        tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { dataIndex: number }) => `${bars[p.dataIndex]?.title ?? ''}：${bars[p.dataIndex]?.value ?? 0}（${bars[p.dataIndex]?.display ?? ''}）` },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.title), axisLabel: { width: 120, overflow: 'truncate' } },
        series: [{ type: 'bar', data: bars.map((b) => b.value), cursor: 'pointer', label: { show: true, position: 'right' }, itemStyle: { color: '#0b5394' }, barMaxWidth: 28 }],
      },
      true,
    );
  });
  return <div ref={box} class="chart" role="img" aria-label={props.label} data-testid={props.testid} />;
}
