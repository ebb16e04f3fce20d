import type { ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { type ChartOption, init } from './echarts';

/** What a click on a data point hands back: the series and the point's index in its data. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

/**
 * 图表 a thin React wrapper of one ECharts instance (SVG renderer): created on mount, given the
 * option on every change (replaced, not merged, so removed series go), resized with its box,
 * disposed on unmount. Our own rather than echarts-for-react: ~50 lines against a dependency
 * (size-sensor, fast-deep-equal) whose class component re-initialises on prop identity changes;
 * this one registers only the modules in ./echarts and works with React 19's strict-mode
 * double mount (dispose in the cleanup, init again in the effect).
 */
export function EChart({
  option,
  height = 260,
  label,
  onPointClick,
  testId,
}: {
  option: ChartOption;
  height?: number;
  /** The chart's accessible name; the aria component adds the data description. */
  label: string;
  onPointClick?: ((click: ChartClick) => void) | undefined;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onPointClick);
  clickRef.current = onPointClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const p = params as { seriesIndex?: number; dataIndex?: number };
      if (p.seriesIndex !== undefined && p.dataIndex !== undefined) {
        clickRef.current?.({ seriesIndex: p.seriesIndex, dataIndex: p.dataIndex });
      }
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  // The figure carries our name for the chart; ECharts' aria component labels the inner box
  // with a description of the series and their data.
  return (
    <figure className="hk-chart" aria-label={label} data-testid={testId}>
      <div ref={box} style={{ height, cursor: onPointClick ? 'pointer' : undefined }} />
    </figure>
  );
}
