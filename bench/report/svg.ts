// A grouped bar chart as a standalone SVG, written by hand: one group per workload, one
// bar per monitor, on a logarithmic axis because auditd's ratios can be ten times
// rwxwatch's or more. A dashed line marks 1× (no monitor); a short red bar marks each target.

export interface BarGroup {
  label: string;
  /** One value per series, in series order; NaN draws no bar and prints "n/a". */
  values: number[];
  /** An upper bound to mark, in the values' unit. */
  target?: number;
}

export interface BarChart {
  title: string;
  series: string[];
  groups: BarGroup[];
}

type Scale = (value: number) => number;

const WIDTH = 800;
const HEIGHT = 380;
const MARGIN = { top: 48, right: 16, bottom: 64, left: 56 };
const COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d'];
const GRID = [0.5, 1, 1.5, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function colour(series: number): string {
  return COLOURS[series % COLOURS.length] as string;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Axis bounds: always show 1×, and leave head-room above the tallest bar or target. */
function bounds(chart: BarChart): [number, number] {
  const all = chart.groups.flatMap((g) => [...g.values, g.target ?? Number.NaN]);
  const finite = all.filter((v) => Number.isFinite(v) && v > 0);

  return [Math.min(0.8, ...finite.map((v) => v * 0.9)), Math.max(2, ...finite) * 1.3];
}

export function renderBarChart(chart: BarChart): string {
  const [low, high] = bounds(chart);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number): number =>
    round(MARGIN.top + plotHeight * (1 - Math.log(value / low) / Math.log(high / low)));

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"`,
    ` viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">`,
    `${escapeXml(chart.title)}</text>`,
    ...gridLines(low, high, y),
    ...groups(chart, y, low),
    ...legend(chart.series),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

function gridLines(low: number, high: number, y: Scale): string[] {
  return GRID.filter((v) => v >= low && v <= high).map((v) => {
    const dash = v === 1 ? ' stroke-dasharray="6 3" stroke="#333"' : ' stroke="#ddd"';
    return (
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}"${dash}/>` +
      `<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}×</text>`
    );
  });
}

function groups(chart: BarChart, y: (v: number) => number, low: number): string[] {
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, chart.groups.length);
  const barWidth = (slot * 0.8) / Math.max(1, chart.series.length);
  const floor = y(low);

  return chart.groups.flatMap((group, g) => {
    const left = MARGIN.left + g * slot + slot * 0.1;
    const bars = group.values.map((value, s) => {
      const x = round(left + s * barWidth);
      const centre = round(x + barWidth / 2);
      if (!Number.isFinite(value) || value <= 0) {
        return `<text x="${centre}" y="${floor - 4}" text-anchor="middle">n/a</text>`;
      }
      const top = y(value);
      return (
        `<rect x="${x}" y="${top}" width="${round(barWidth - 2)}" height="${round(floor - top)}"` +
        ` fill="${colour(s)}"/>` +
        `<text x="${centre}" y="${top - 3}" text-anchor="middle">${value.toFixed(2)}</text>`
      );
    });
    return [...bars, targetMark(group, left, slot, y), groupLabel(group, left, slot, floor)];
  });
}

function targetMark(group: BarGroup, left: number, slot: number, y: Scale): string {
  if (group.target === undefined) return '';
  const [x1, x2, at] = [round(left - slot * 0.05), round(left + slot * 0.85), y(group.target)];
  return `<line x1="${x1}" x2="${x2}" y1="${at}" y2="${at}" stroke="#d62728" stroke-width="2"/>`;
}

function groupLabel(group: BarGroup, left: number, slot: number, floor: number): string {
  const x = round(left + slot * 0.4);
  return `<text x="${x}" y="${floor + 16}" text-anchor="middle">${escapeXml(group.label)}</text>`;
}

// Entries are spaced by the length of their names (about 6.5 px a character at 11 px).
function legend(series: string[]): string[] {
  const top = HEIGHT - 24;
  let x = MARGIN.left;
  const entries = series.map((name, s) => {
    const entry =
      `<rect x="${x}" y="${top - 9}" width="10" height="10" fill="${colour(s)}"/>` +
      `<text x="${x + 14}" y="${top}">${escapeXml(name)}</text>`;
    x += 34 + Math.round(name.length * 6.5);
    return entry;
  });
  const target =
    `<line x1="${x}" x2="${x + 14}" y1="${top - 4}" y2="${top - 4}" stroke="#d62728"` +
    ` stroke-width="2"/><text x="${x + 18}" y="${top}">target (rwxwatch)</text>`;
  return [...entries, target];
}
