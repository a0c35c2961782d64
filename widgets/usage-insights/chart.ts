import { svg, type SVGTemplateResult } from 'lit';

/** Plot insets: room for the y labels on the left and the day ticks below. */
const PAD = { top: 14, right: 14, bottom: 26, left: 44 };

/** The smallest "round" number ≥ `max` with `steps` equal steps (1, 2, 2.5 or 5 × 10ⁿ each); 4 for an all-zero series. */
export function niceMax(max: number, steps = 4): number {
  if (max <= 0) return steps;
  const raw = max / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw)! * magnitude;
  return step * steps;
}

/** Where a series sits in a `width` × `height` box. */
export function layout(values: number[], width: number, height: number) {
  const top = niceMax(Math.max(0, ...values));
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = Math.max(1, height - PAD.top - PAD.bottom);
  const n = values.length;
  // One day per column; a point sits in the middle of its column.
  const col = plotW / Math.max(1, n);
  const x = (i: number) => PAD.left + col * (i + 0.5);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  return { top, plotW, plotH, col, x, y, baseline: PAD.top + plotH, left: PAD.left, right: width - PAD.right };
}

export type Layout = ReturnType<typeof layout>;

/** Which days get a tick label: about one per 72 px, always the last (today). */
export function tickIndexes(n: number, plotW: number): number[] {
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 72))));
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i -= every) out.unshift(i);
  return out;
}

/**
 * The chart's drawing: grid lines with the y labels, the area and line of the series, and the day
 * ticks. Points (focusable, one per day) are drawn by the element, which owns their keyboard and
 * tooltip behaviour.
 */
export function chartBody(values: number[], g: Layout, yLabel: (v: number) => string, ticks: { index: number; label: string }[]): SVGTemplateResult {
  const line = values.map((v, i) => `${i ? 'L' : 'M'}${g.x(i).toFixed(1)} ${g.y(v).toFixed(1)}`).join('');
  const area = values.length ? `${line}L${g.x(values.length - 1).toFixed(1)} ${g.baseline}L${g.x(0).toFixed(1)} ${g.baseline}Z` : '';
  const grid = [0, 1, 2, 3, 4].map((k) => (g.top * k) / 4);
  return svg`
    <defs>
      <linearGradient id="fill" x1="0" x2="0" y1="0" y2="1">
        <stop offset="0" stop-color="var(--_chart)" stop-opacity="0.35" />
        <stop offset="1" stop-color="var(--_chart)" stop-opacity="0.02" />
      </linearGradient>
    </defs>
    ${grid.map(
      (v) => svg`<line class="grid" x1=${g.left} x2=${g.right} y1=${g.y(v)} y2=${g.y(v)} />
        <text class="axis" x=${g.left - 8} y=${g.y(v)} text-anchor="end" dominant-baseline="middle">${yLabel(v)}</text>`,
    )}
    <path class="area" d=${area} fill="url(#fill)" />
    <path class="line" d=${line} />
    ${ticks.map((t) => svg`<text class="axis" x=${g.x(t.index)} y=${g.baseline + 18} text-anchor="middle">${t.label}</text>`)}
  `;
}
