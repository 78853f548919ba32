/**
 * A horizontal bar chart (on the chart host, chart-host.tsx). Clicking a bar calls onBar with
 * its index. After each draw the box carries each bar's centre in data-bar-centers
 * ([[x, y], …] in CSS pixels of the box), so automation can click a bar.
 */
import { BarChart } from 'echarts/charts';
import type { JSX } from 'solid-js';
import { ChartHost, echarts } from './chart-host.tsx';

echarts.use([BarChart]);

export interface Bar {
  title: string;
  value: number;
  display: string;
}

export function BarsChart(props: { label: string; bars: Bar[]; onBar: (index: number) => void; testid?: string }): JSX.Element {
  return (
    <ChartHost
      class="chart"
      label={props.label}
      testid={props.testid}
      onItem={(_series, index) => props.onBar(index)}
      finished={(chart, box) => {
        const points = props.bars.map((b, i) => {
          const end = chart.convertToPixel({ seriesIndex: 0 }, [b.value, i]) as number[] | undefined;
          const start = chart.convertToPixel({ seriesIndex: 0 }, [0, i]) as number[] | undefined;
          return end && start ? [Math.round((end[0]! + start[0]!) / 2), Math.round(end[1]!)] : null;
        });
        box.dataset.barCenters = JSON.stringify(points);
      }}
      draw={(chart, box) => {
        const bars = props.bars;
        box.style.height = `${Math.max(140, bars.length * 40 + 40)}px`;
        chart.resize();
        chart.setOption(
          {
            aria: { enabled: true, label: { description: `${props.label}：${bars.map((b) => `${b.title} ${b.value}（${b.display}）`).join('；')}` } },
            animation: false,
            grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
            tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { dataIndex: number }) => `${bars[p.dataIndex]?.title ?? ''}：${bars[p.dataIndex]?.value ?? 0}（${bars[p.dataIndex]?.display ?? ''}）` },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.title), axisLabel: { width: 120, overflow: 'truncate' } },
            series: [{ type: 'bar', data: bars.map((b) => b.value), cursor: 'pointer', label: { show: true, position: 'right' }, itemStyle: { color: '#0b5394' }, barMaxWidth: 28 }],
          },
          true,
        );
      }}
    />
  );
}
