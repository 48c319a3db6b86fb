/**
 * The dashboard's charts: horizontal bars drawn by uPlot (pinned in package.json, served as js/uplot.js by
 * web/build.ts), one row per category and one bar per series, so long programme and district names stay readable
 * on the left. A chart only draws: its numbers and words are in the table and caption beside it, so the holder is
 * hidden from screen readers. uPlot is fetched the first time a chart is drawn, so officers who never open the
 * dashboard never download it.
 */
let loading;
const library = () => (loading ??= import('./uplot.js').then((module) => module.default));

const FONT = '14px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const INK = '#1a1a1a';
const ROW_PX = 36;
/** Of each category's row: the share its bars fill, the rest is the gap to the next row. */
const BAND = 0.8;

const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

/** Charts on the page, each with the observer that resizes it, so a redraw or leaving the page frees them. */
const live = new Set();

export function clearCharts() {
  for (const { plot, observer } of live) {
    observer.disconnect();
    plot.destroy();
  }
  live.clear();
}

let measure;
function widest(labels) {
  measure ??= document.createElement('canvas').getContext('2d');
  measure.font = FONT;
  return Math.max(0, ...labels.map((label) => measure.measureText(label).width));
}

/**
 * Where series `k` of `count` draws in each row (in category units): side by side, or, `overlaid`, all centred with
 * each later series narrower, so a smaller figure reads on top of the larger one (a median inside its 90th percentile).
 */
function placement(bars, k, count, overlaid) {
  const size = overlaid ? BAND * (1 - k / (count + 1)) : BAND / count;
  const offset = overlaid ? -size / 2 : -BAND / 2 + k * size;
  return bars({
    disp: {
      x0: { unit: 1, values: (u) => u.data[0].map((x) => x + offset) },
      size: { unit: 1, values: () => [size] },
    },
  });
}

/**
 * Draws into `holder`: `labels` one per row, `series` [{ label, color, values }] (null: nothing to draw), the value
 * axis written by `format` and titled `unit`, its ticks at least `space` pixels apart and, for counts (`whole`), at
 * whole numbers only.
 */
export async function barChart(holder, { labels, series, format, unit, overlaid = false, whole = false, space = 50 }) {
  const uPlot = await library();
  if (!holder.isConnected) return; // redrawn or left while the library loaded
  const rows = labels.length;
  const height = rows * ROW_PX * (overlaid ? 1 : Math.max(1, series.length * 0.6)) + 70;
  const top = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const opts = {
    width: holder.clientWidth || 600,
    height,
    cursor: { show: false },
    legend: { show: series.length > 1, live: false },
    scales: {
      // Rows top to bottom in the table's order.
      x: { time: false, ori: 1, dir: -1, range: [-0.5, rows - 0.5] },
      y: { ori: 0, range: [0, top > 0 ? top * 1.05 : 1] },
    },
    axes: [
      {
        side: 3, font: FONT, stroke: INK, size: widest(labels) + 20, grid: { show: false }, ticks: { show: false },
        splits: () => labels.map((_, i) => i),
        values: (u, splits) => splits.map((i) => labels[i] ?? ''),
      },
      { side: 2, font: FONT, stroke: INK, label: unit, labelFont: FONT, space, incrs: whole ? WHOLE_STEPS : undefined, values: (u, splits) => splits.map(format) },
    ],
    series: [{}, ...series.map((s, k) => ({
      label: s.label, fill: s.color, stroke: s.color, width: 0, points: { show: false },
      paths: placement(uPlot.paths.bars, k, series.length, overlaid),
    }))],
  };
  const data = [labels.map((_, i) => i), ...series.map((s) => s.values)];
  const plot = new uPlot(opts, data, holder);
  const observer = new ResizeObserver(() => {
    if (holder.clientWidth && holder.clientWidth !== plot.width) plot.setSize({ width: holder.clientWidth, height });
  });
  observer.observe(holder);
  live.add({ plot, observer });
}
