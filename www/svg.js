// A chart as a vector SVG, written from the live Chart.js objects: Chart.js has already laid out
// every element, so the SVG copies its pixel positions (CSS pixels): lines and filled bands as
// <path>, points as small shapes, bars as <rect>, each axis as a line with its tick labels and
// title, the legend as small rects and texts, the chart's own title plugin and the values the
// page's plugins write (waterfall values, whiskers). Small multiples become one translated <g>
// per small chart, in their places on the page, under one title band.

/* global Chart */

/** Text and attribute values escaped for XML (names come from the user's file). */
export const esc = (t) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A coordinate, two decimals at most. */
const n = (v) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : 0);

/** `fill="…"` or `stroke="…"` (with its opacity) for a CSS colour; `none` for transparent or
 * anything that is not a colour string (a gradient). */
function paint(attr, colour) {
  if (typeof colour !== 'string' || colour === 'transparent') return `${attr}="none"`;
  const m = colour.match(/^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/);
  if (m) return Number(m[4]) === 0 ? `${attr}="none"` : `${attr}="rgb(${m[1]},${m[2]},${m[3]})" ${attr}-opacity="${m[4]}"`;
  return `${attr}="${esc(colour)}"`;
}

const lineWidth = (w) => (typeof w === 'number' && w > 0 ? w : 0);

/** The path through points `{x, y, skip}`, broken at skipped points. */
function pathThrough(points) {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.skip || !Number.isFinite(p.x) || !Number.isFinite(p.y)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${n(p.x)} ${n(p.y)}`;
    pen = true;
  }
  return d;
}

/** A point drawn in its point style. */
function pointShape(p, o) {
  const r = o.radius;
  if (!(r > 0) || p.skip) return '';
  const style = `${paint('fill', o.backgroundColor)} ${paint('stroke', o.borderColor)} stroke-width="${n(lineWidth(o.borderWidth))}"`;
  const { x, y } = p;
  const poly = (pts) => `<polygon class="point" points="${pts.map(([a, b]) => `${n(x + a)},${n(y + b)}`).join(' ')}" ${style}/>`;
  const lines = (segs) => `<path class="point" d="${segs.map(([a, b, c, d]) => `M${n(x + a)} ${n(y + b)}L${n(x + c)} ${n(y + d)}`).join('')}" fill="none" ${paint('stroke', o.borderColor)} stroke-width="${n(lineWidth(o.borderWidth) || 1)}"/>`;
  const k = r * Math.SQRT1_2;
  switch (o.pointStyle) {
    case 'rect': return poly([[-k, -k], [k, -k], [k, k], [-k, k]]);
    case 'rectRot': return poly([[0, -r], [r, 0], [0, r], [-r, 0]]);
    case 'triangle': return poly([[0, -r], [r * 0.866, r / 2], [-r * 0.866, r / 2]]);
    case 'cross': return lines([[0, -r, 0, r], [-r, 0, r, 0]]);
    case 'crossRot': return lines([[-k, -k, k, k], [-k, k, k, -k]]);
    case 'star': return lines([[0, -r, 0, r], [-r, 0, r, 0], [-k, -k, k, k], [-k, k, k, -k]]);
    case 'line': return lines([[-r, 0, r, 0]]);
    case 'dash': return lines([[0, 0, r, 0]]);
    default: return `<circle class="point" cx="${n(x)}" cy="${n(y)}" r="${n(r)}" ${style}/>`;
  }
}

/** The pixel line a fill `target` reaches down (or up) to: another dataset's points, or a level. */
function fillEdge(chart, meta, target) {
  const area = chart.chartArea;
  const vs = meta.vScale;
  if (typeof target === 'number') {
    const other = chart.getDatasetMeta(target);
    return other && chart.isDatasetVisible(target) ? { points: other.data } : null;
  }
  let level = null;
  if (target === 'origin') level = vs ? vs.getPixelForValue(0) : area.bottom;
  else if (target === 'start') level = vs && vs.isHorizontal() ? area.left : area.bottom;
  else if (target === 'end') level = vs && vs.isHorizontal() ? area.right : area.top;
  else if (target && typeof target === 'object' && Number.isFinite(target.value) && vs) level = vs.getPixelForValue(target.value);
  if (level === null || !Number.isFinite(level)) return null;
  return { level: Math.min(Math.max(level, area.top), area.bottom) };
}

/** A line (or scatter) dataset: its fill, its line, its points. */
function lineDataset(chart, meta, i) {
  const out = [];
  const points = meta.data.filter((p) => !p.skip && Number.isFinite(p.x) && Number.isFinite(p.y));
  const lo = meta.dataset && meta.dataset.options ? meta.dataset.options : null;
  const filler = meta.$filler;
  if (lo && filler && filler.fill !== false && filler.fill !== undefined && points.length > 1) {
    const edge = fillEdge(chart, meta, filler.fill);
    if (edge) {
      const back = edge.points
        ? edge.points.filter((p) => !p.skip && Number.isFinite(p.x) && Number.isFinite(p.y)).slice().reverse()
        : [{ x: points[points.length - 1].x, y: edge.level }, { x: points[0].x, y: edge.level }];
      out.push(`<path class="fill" d="${pathThrough([...points, ...back])}Z" ${paint('fill', lo.backgroundColor)} stroke="none"/>`);
    }
  }
  if (lo && lineWidth(lo.borderWidth) > 0 && paint('stroke', lo.borderColor) !== 'stroke="none"' && points.length > 1) {
    const dash = Array.isArray(lo.borderDash) && lo.borderDash.length ? ` stroke-dasharray="${lo.borderDash.join(' ')}"` : '';
    out.push(`<path class="line" data-series="${esc(chart.data.datasets[i].label ?? '')}" d="${pathThrough(meta.data)}" fill="none" ${paint('stroke', lo.borderColor)} stroke-width="${n(lo.borderWidth)}" stroke-linejoin="round"${dash}/>`);
  }
  for (const p of meta.data) if (p.options) out.push(pointShape(p, p.options));
  return out.join('\n');
}

/** A bar dataset: one rect per bar (vertical or horizontal). */
function barDataset(meta) {
  return meta.data.map((b) => {
    const { x, y, base, width, height, horizontal } = b.getProps(['x', 'y', 'base', 'width', 'height', 'horizontal'], true);
    const o = b.options || {};
    const [rx, ry, rw, rh] = horizontal
      ? [Math.min(x, base), y - height / 2, Math.abs(x - base), height]
      : [x - width / 2, Math.min(y, base), width, Math.abs(base - y)];
    if (![rx, ry, rw, rh].every(Number.isFinite)) return '';
    const bw = typeof o.borderWidth === 'number' ? o.borderWidth : 0;
    const stroke = bw > 0 ? ` ${paint('stroke', o.borderColor)} stroke-width="${n(bw)}"` : '';
    return `<rect class="bar" x="${n(rx)}" y="${n(ry)}" width="${n(rw)}" height="${n(rh)}" ${paint('fill', o.backgroundColor)}${stroke}/>`;
  }).join('\n');
}

const fontSizeOf = (font) => (font && typeof font === 'object' && Number.isFinite(font.size) ? font.size : Chart.defaults.font.size);
const colourOf = (c, fallback) => (typeof c === 'string' ? c : fallback);

/** A text element. */
function text(cls, x, y, content, { size, colour = '#666', anchor = 'start', baseline = 'middle', weight = '', rotate = 0 }) {
  const rot = rotate ? ` transform="rotate(${n(rotate)} ${n(x)} ${n(y)})"` : '';
  const bold = weight ? ` font-weight="${esc(weight)}"` : '';
  return `<text class="${cls}" x="${n(x)}" y="${n(y)}" font-size="${n(size)}"${bold} ${paint('fill', colour)} text-anchor="${anchor}" dominant-baseline="${baseline}"${rot}>${esc(content)}</text>`;
}

const labelText = (l) => (Array.isArray(l) ? l.join(' ') : String(l ?? ''));

/** One scale: its line, grid lines, tick labels and title. */
function scaleSvg(chart, scale) {
  const o = scale.options;
  if (!o || o.display === false) return '';
  const area = chart.chartArea;
  const out = [];
  const horizontal = scale.isHorizontal();
  const size = fontSizeOf(o.ticks && o.ticks.font);
  const tickColour = colourOf(o.ticks && o.ticks.color, colourOf(Chart.defaults.color, '#666'));
  const grid = o.grid || {};
  const gridColour = colourOf(grid.color, 'rgba(0,0,0,0.1)');
  const pos = scale.position;
  const pad = (o.ticks && Number.isFinite(o.ticks.padding) ? o.ticks.padding : 3) + (grid.drawTicks === false ? 0 : (grid.tickLength ?? 8));
  const ticks = scale.ticks || [];
  const at = ticks.map((_, i) => scale.getPixelForTick(i));
  // Grid lines at the ticks, or between them (`grid.offset`: the category axis of bars).
  let lines = at;
  if (grid.offset && at.length > 1) {
    const last = at.length - 1;
    lines = [at[0] - (at[1] - at[0]) / 2, ...at.slice(1).map((p, i) => (p + at[i]) / 2), at[last] + (at[last] - at[last - 1]) / 2];
  }
  if (grid.display !== false) {
    for (const p of lines.filter(Number.isFinite)) {
      out.push(horizontal
        ? `<line class="grid" x1="${n(p)}" y1="${n(area.top)}" x2="${n(p)}" y2="${n(area.bottom)}" ${paint('stroke', gridColour)} stroke-width="1"/>`
        : `<line class="grid" x1="${n(area.left)}" y1="${n(p)}" x2="${n(area.right)}" y2="${n(p)}" ${paint('stroke', gridColour)} stroke-width="1"/>`);
    }
  }
  ticks.forEach((t, i) => {
    const p = at[i];
    if (!Number.isFinite(p)) return;
    if (o.ticks && o.ticks.display === false) return;
    const label = labelText(t.label);
    if (horizontal) {
      const rot = scale.labelRotation || 0;
      const y = pos === 'top' ? scale.bottom - pad : scale.top + pad;
      out.push(text('tick', p, y, label, { size, colour: tickColour, anchor: rot ? 'end' : 'middle', baseline: pos === 'top' ? 'auto' : 'hanging', rotate: -rot }));
    } else {
      const x = pos === 'right' ? scale.left + pad : scale.right - pad;
      out.push(text('tick', x, p, label, { size, colour: tickColour, anchor: pos === 'right' ? 'start' : 'end' }));
    }
  });
  const borderColour = colourOf((o.border && o.border.color) || grid.borderColor, 'rgba(0,0,0,0.25)');
  out.push(horizontal
    ? `<line class="axis" x1="${n(area.left)}" y1="${n(pos === 'top' ? scale.bottom : scale.top)}" x2="${n(area.right)}" y2="${n(pos === 'top' ? scale.bottom : scale.top)}" ${paint('stroke', borderColour)} stroke-width="1"/>`
    : `<line class="axis" x1="${n(pos === 'right' ? scale.left : scale.right)}" y1="${n(area.top)}" x2="${n(pos === 'right' ? scale.left : scale.right)}" y2="${n(area.bottom)}" ${paint('stroke', borderColour)} stroke-width="1"/>`);
  const title = o.title;
  if (title && title.display && title.text) {
    const ts = fontSizeOf(title.font);
    const tc = colourOf(title.color, tickColour);
    const words = labelText(title.text);
    if (horizontal) out.push(text('axis-title', (area.left + area.right) / 2, pos === 'top' ? scale.top + ts / 2 + 2 : scale.bottom - ts / 2 - 2, words, { size: ts, colour: tc, anchor: 'middle' }));
    else {
      const x = pos === 'right' ? scale.right - ts / 2 - 2 : scale.left + ts / 2 + 2;
      out.push(text('axis-title', x, (area.top + area.bottom) / 2, words, { size: ts, colour: tc, anchor: 'middle', rotate: pos === 'right' ? 90 : -90 }));
    }
  }
  return out.join('\n');
}

/** The legend: a small rect and the text of each entry, where Chart.js placed them. */
function legendSvg(chart) {
  const lg = chart.legend;
  if (!lg || !lg.options || lg.options.display === false || !lg.legendItems || !lg.legendHitBoxes) return '';
  const labels = lg.options.labels || {};
  const size = fontSizeOf(labels.font);
  const boxW = Math.min(labels.boxWidth ?? 40, size * 3);
  const boxH = Math.min(labels.boxHeight ?? size, size);
  const colour = colourOf(labels.color, colourOf(Chart.defaults.color, '#666'));
  return lg.legendItems.map((item, k) => {
    const hit = lg.legendHitBoxes[k];
    if (!hit) return '';
    const cy = hit.top + hit.height / 2;
    const bw = lineWidth(item.lineWidth);
    const box = `<rect class="legend-box" x="${n(hit.left)}" y="${n(cy - boxH / 2)}" width="${n(boxW)}" height="${n(boxH)}" ${paint('fill', item.fillStyle)}${bw ? ` ${paint('stroke', item.strokeStyle)} stroke-width="${n(Math.min(bw, 2))}"` : ''}/>`;
    const words = text('legend', hit.left + boxW + size / 2, cy, item.text, { size, colour, baseline: 'middle' });
    return `${box}\n${item.hidden ? words.replace('<text ', '<text text-decoration="line-through" ') : words}`;
  }).join('\n');
}

/**
 * A stand-in for a canvas 2D context that writes SVG: the page's own chart plugins (charts.js,
 * lift.js: the holdout shade, whiskers, values on bars, ROI labels) draw into it as they draw on
 * the canvas, so what they add is in the SVG without a second copy of their code. Paths
 * (moveTo, lineTo, rect) become <path>, fillRect a <rect>, fillText a <text>; what SVG does not
 * need (clipping, measuring) does nothing.
 */
function recorder(out) {
  const keys = ['fillStyle', 'strokeStyle', 'lineWidth', 'font', 'textAlign', 'textBaseline', 'globalAlpha', 'dash'];
  const ctx = { fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, font: `${Chart.defaults.font.size}px sans-serif`, textAlign: 'start', textBaseline: 'alphabetic', globalAlpha: 1, dash: [] };
  const stack = [];
  let d = '';
  const dash = () => (ctx.dash.length ? ` stroke-dasharray="${ctx.dash.map(n).join(' ')}"` : '');
  const methods = {
    save: () => stack.push(Object.fromEntries(keys.map((k) => [k, ctx[k]]))),
    restore: () => { if (stack.length) Object.assign(ctx, stack.pop()); },
    setLineDash: (a) => { ctx.dash = Array.isArray(a) ? a : []; },
    getLineDash: () => ctx.dash,
    beginPath: () => { d = ''; },
    moveTo: (x, y) => { d += `M${n(x)} ${n(y)}`; },
    lineTo: (x, y) => { d += `L${n(x)} ${n(y)}`; },
    closePath: () => { d += 'Z'; },
    rect: (x, y, w, h) => { d += `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`; },
    stroke: () => { if (d) out.push(`<path class="mark" d="${d}" fill="none" ${paint('stroke', ctx.strokeStyle)} stroke-width="${n(ctx.lineWidth)}"${dash()}/>`); },
    fill: () => { if (d) out.push(`<path class="mark" d="${d}" ${paint('fill', ctx.fillStyle)}/>`); },
    fillRect: (x, y, w, h) => out.push(`<rect class="mark" x="${n(Math.min(x, x + w))}" y="${n(Math.min(y, y + h))}" width="${n(Math.abs(w))}" height="${n(Math.abs(h))}" ${paint('fill', ctx.fillStyle)}/>`),
    fillText: (t, x, y) => {
      const size = Number((String(ctx.font).match(/([\d.]+)px/) || [])[1]) || Chart.defaults.font.size;
      const weight = /bold|[6-9]00/.test(ctx.font) ? 'bold' : '';
      const anchor = { center: 'middle', right: 'end', end: 'end' }[ctx.textAlign] || 'start';
      const baseline = { middle: 'middle', top: 'hanging', hanging: 'hanging' }[ctx.textBaseline] || 'auto';
      out.push(text('value', x, y, t, { size, colour: ctx.fillStyle, anchor, baseline, weight }));
    },
    measureText: (t) => ({ width: String(t).length * 0.55 * (Number((String(ctx.font).match(/([\d.]+)px/) || [])[1]) || Chart.defaults.font.size) }),
  };
  return new Proxy(ctx, {
    get: (target, k) => (k in methods ? methods[k] : k in target ? target[k] : () => {}),
    set: (target, k, v) => { target[k] = v; return true; },
  });
}

/** What the chart's own (inline) plugins draw at `hook`, as SVG. */
function pluginsSvg(chart, hook) {
  const out = [];
  const ctx = recorder(out);
  const drawing = new Proxy(chart, { get: (t, k) => (k === 'ctx' ? ctx : Reflect.get(t, k)) });
  const raw = (chart.config.options && chart.config.options.plugins) || {};
  for (const p of chart.config.plugins || []) {
    if (typeof p[hook] !== 'function') continue;
    try {
      p[hook](drawing, {}, raw[p.id] || {});
    } catch {
      // A plugin that needs more of a canvas than this stand-in: its marks are left out.
    }
  }
  return out.join('\n');
}

let clipIds = 0;

/** One Chart as an SVG group, in its own CSS pixels (0, 0 its canvas's top left). */
function chartGroup(chart) {
  const area = chart.chartArea;
  const clip = `plot-${++clipIds}`;
  const parts = [`<clipPath id="${clip}"><rect x="${n(area.left)}" y="${n(area.top)}" width="${n(area.right - area.left)}" height="${n(area.bottom - area.top)}"/></clipPath>`];
  for (const scale of Object.values(chart.scales)) parts.push(scaleSvg(chart, scale));
  // Chart.js draws the first dataset (by order) last, on top.
  const metas = chart.getSortedVisibleDatasetMetas().slice().reverse();
  const data = [];
  for (const meta of metas) {
    const body = meta.type === 'bar' ? barDataset(meta) : lineDataset(chart, meta, meta.index);
    data.push(`<g class="dataset" data-label="${esc(chart.data.datasets[meta.index].label ?? '')}">\n${body}\n</g>`);
  }
  parts.push(pluginsSvg(chart, 'beforeDatasetsDraw'));
  parts.push(`<g clip-path="url(#${clip})">\n${data.join('\n')}\n</g>`);
  parts.push(pluginsSvg(chart, 'afterDatasetsDraw'));
  const t = chart.options.plugins && chart.options.plugins.title;
  if (t && t.display && t.text && chart.titleBlock) {
    const b = chart.titleBlock;
    parts.push(text('chart-title', b.left + b.width / 2, b.top + b.height / 2, labelText(t.text), { size: fontSizeOf(t.font), colour: colourOf(t.color, '#666'), anchor: 'middle', weight: t.font && t.font.weight ? String(t.font.weight) : 'bold' }));
  }
  parts.push(legendSvg(chart));
  return parts.filter(Boolean).join('\n');
}

/**
 * A chart (a Chart, or small multiples `{ multiples, charts, container }` from charts.curves) as
 * SVG text: a white page with `title` as the SVG's <title> and as a bold text in a band above, then
 * each chart as vector shapes in CSS pixels (small multiples where they sit on the page).
 */
export function chartToSvg(chart, title = '') {
  const parts = chart.multiples ? chart.charts : [chart];
  const box = (chart.multiples ? chart.container : chart.canvas).getBoundingClientRect();
  const size = Chart.defaults.font.size;
  const titleCss = Math.round(1.6 * size) + 12;
  const w = Math.round(box.width);
  const h = Math.round(box.height + titleCss);
  const family = esc(Chart.defaults.font.family || 'system-ui, sans-serif');
  const groups = parts.map((c) => {
    const r = c.canvas.getBoundingClientRect();
    return `<g class="chart" transform="translate(${n(r.left - box.left)} ${n(r.top - box.top + titleCss)})">\n${chartGroup(c)}\n</g>`;
  });
  const t = esc(title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="title" font-family="${family}">
<title id="title">${t}</title>
<rect width="${w}" height="${h}" fill="#ffffff"/>
<text class="title" x="8" y="${n(titleCss / 2)}" font-size="${Math.round(1.4 * size)}" font-weight="bold" fill="#1b1f23" dominant-baseline="middle">${t}</text>
${groups.join('\n')}
</svg>
`;
}
