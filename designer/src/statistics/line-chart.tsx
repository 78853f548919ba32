/**
 * A line chart of a few series over the months (on the chart host, chart-host.tsx). Clicking a
 * point calls onPoint(series, month index). After each draw the box carries each point's
 * position in data-point-centers ({series id: [[x, y], …]} in CSS pixels of the box), so
 * automation can click a point.
 */
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import type { JSX } from 'solid-js';
import { ChartHost, echarts } from './chart-host.tsx';

echarts.use([LineChart, LegendComponent]);

export interface Line {
  id: string;
  title: string;
  values: number[];
}

const COLORS = ['#0b5394', '#38761d', '#b45f06'];
// Lines that run together stay apart to the eye (and in grey print): each its own dash and mark.
const DASHES = ['solid', 'dashed', 'dotted'] as const;
const MARKS = ['circle', 'rect', 'triangle'] as const;

export function LinesChart(props: { label: string; months: string[]; lines: Line[]; onPoint: (line: number, month: number) => void; testid?: string }): JSX.Element {
  return (
    <ChartHost
      class="chart chart-line"
      label={props.label}
      testid={props.testid}
      onItem={(line, month) => props.onPoint(line, month)}
      finished={(chart, box) => {
        const out: Record<string, Array<number[] | null>> = {};
        props.lines.forEach((l, s) => {
          out[l.id] = l.values.map((v, i) => {
            const p = chart.convertToPixel({ seriesIndex: s }, [i, v]) as number[] | undefined;
            return p ? [Math.round(p[0]!), Math.round(p[1]!)] : null;
          });
        });
        box.dataset.pointCenters = JSON.stringify(out);
      }}
      draw={(chart) => {
        const { months, lines } = props;
        chart.setOption(
          {
            aria: { enabled: true, label: { description: `${props.label}：${lines.map((l) => `${l.title} ${months.map((m, i) => `${m} ${l.values[i] ?? 0}`).join('，')}`).join('；')}` } },
            animation: false,
            color: COLORS,
            legend: { top: 0, data: lines.map((l) => l.title) },
            grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
            tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p: { seriesIndex: number; dataIndex: number }) => `${months[p.dataIndex] ?? ''} ${lines[p.seriesIndex]?.title ?? ''}：${lines[p.seriesIndex]?.values[p.dataIndex] ?? 0}` },
            xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
            yAxis: { type: 'value', minInterval: 1 },
            series: lines.map((l, i) => ({ type: 'line', name: l.title, data: l.values, cursor: 'pointer', symbol: MARKS[i % 3], symbolSize: 10, lineStyle: { type: DASHES[i % 3], width: 2 }, label: { show: false } })),
          },
          true,
        );
      }}
    />
  );
}
