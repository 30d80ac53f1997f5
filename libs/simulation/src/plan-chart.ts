import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RoutingPlan } from './planning-report.js';

/** The chart of a routing plan as a Vega-Lite spec: service level by hour beside resolution and transfers by routing. */
export function planChartSpec(plan: RoutingPlan): TopLevelSpec {
  const byHour = plan.columns.flatMap(({ label, result }) =>
    result.byHour.filter((h) => h.figures.serviceLevel.value !== null).map((h) => ({ routing: label, hour: h.hour, serviceLevel: h.figures.serviceLevel.value })),
  );
  const figures = plan.columns.flatMap(({ label, result }) => [
    { routing: label, figure: 'FCR', value: result.total.figures.fcr.value },
    { routing: label, figure: 'first-line resolution', value: result.total.figures.firstLineResolution.value },
    { routing: label, figure: 'transfer rate', value: result.total.figures.transferRate.value },
    { routing: label, figure: 'abandonment', value: result.total.figures.abandonmentRate.value },
  ]);
  const color = { field: 'routing', type: 'nominal' as const, title: 'routing', sort: plan.columns.map((c) => c.label) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${plan.scenario.name}: skill-based routing against FIFO`, anchor: 'start' },
    config: { font: 'DejaVu Sans, Arial, sans-serif', view: { stroke: null }, axis: { grid: true, gridOpacity: 0.4 } },
    hconcat: [
      {
        title: "Service level by hour (answered within each topic's target)",
        width: 420,
        height: 260,
        data: { values: byHour },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'hour', type: 'quantitative', title: 'hour of day', scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'serviceLevel', type: 'quantitative', title: 'service level', axis: { format: '%' }, scale: { domain: [0, 1] } },
          color,
          strokeDash: { field: 'routing', type: 'nominal', sort: plan.columns.map((c) => c.label), legend: null },
        },
      },
      {
        title: 'Resolution and transfers, the whole day',
        width: 360,
        height: 260,
        data: { values: figures },
        mark: 'bar',
        encoding: {
          x: { field: 'figure', type: 'nominal', title: null, sort: ['FCR', 'first-line resolution', 'transfer rate', 'abandonment'], axis: { labelAngle: 0 } },
          xOffset: { field: 'routing', type: 'nominal', sort: plan.columns.map((c) => c.label) },
          y: { field: 'value', type: 'quantitative', title: 'share of calls', axis: { format: '%' }, scale: { domain: [0, 1] } },
          color,
          tooltip: [{ field: 'routing' }, { field: 'figure' }, { field: 'value', format: '.1%' }],
        },
      },
    ],
  };
}

/** The chart as a standalone SVG image (rendered headless by Vega, no browser or canvas needed). */
export async function planChartSvg(plan: RoutingPlan): Promise<string> {
  const view = new vega.View(vega.parse(compile(planChartSpec(plan)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // A white background, so the image reads in dark-mode Markdown viewers too.
    return svg.replace(/<svg ([^>]*)>/, '<svg $1><rect width="100%" height="100%" fill="#ffffff"/>');
  } finally {
    view.finalize();
  }
}
