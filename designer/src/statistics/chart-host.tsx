/**
 * The one host of the statistics charts (Apache ECharts, canvas; only the pieces used are
 * registered, and the module loads with the statistics pages alone): a box with its role and
 * label, the chart made on mount and disposed with the box, sized with the box
 * (ResizeObserver), clicks on a series item passed on, and `draw` run again whenever what it
 * reads changes. `finished` runs after each draw (the charts write where their items are
 * drawn onto the box, so automation can click them). The tooltips are drawn on the canvas
 * (richText): no HTML from titles a county defines, no inline style for the CSP to refuse.
 */
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { createEffect, onCleanup, onMount, type JSX } from 'solid-js';

echarts.use([GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { echarts };

export interface ChartHostProps {
  class: string;
  label: string;
  testid?: string;
  /** A click on a series item: its series and data index. */
  onItem: (seriesIndex: number, dataIndex: number) => void;
  /** Sets the options (and the box's size if it follows the data); reactive. */
  draw: (chart: echarts.ECharts, box: HTMLDivElement) => void;
  finished: (chart: echarts.ECharts, box: HTMLDivElement) => void;
}

export function ChartHost(props: ChartHostProps): JSX.Element {
  let box!: HTMLDivElement;
  let chart: echarts.ECharts | undefined;
  onMount(() => {
    const c = echarts.init(box, undefined, { renderer: 'canvas' });
    chart = c;
    c.on('click', (p) => {
      if (p.componentType === 'series' && typeof p.seriesIndex === 'number' && typeof p.dataIndex === 'number') props.onItem(p.seriesIndex, p.dataIndex);
    });
    c.on('finished', () => props.finished(c, box));
    const watch = new ResizeObserver(() => chart?.resize());
    watch.observe(box);
    onCleanup(() => {
      watch.disconnect();
      chart?.dispose();
    });
  });
  createEffect(() => {
    if (chart) props.draw(chart, box);
  });
  return <div ref={box} class={props.class} role="img" aria-label={props.label} data-testid={props.testid} />;
}
