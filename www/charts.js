// Charts for the MixLens page, on Chart.js (loaded as a classic script from vendor/, pinned in
// www/package-lock.json). Every function takes a canvas and plain arrays, never wasm types, and
// returns the Chart so the page can update it or export it as PNG.

/* global Chart */

/** Series colours: distinct hues, then generated ones (golden-angle hues) past the list. */
export const PALETTE = ['#1f5fa8', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0b7285', '#c2255c', '#5c940d', '#364fc7', '#862e9c', '#a61e4d', '#087f5b', '#e8590c', '#1864ab', '#66a80f', '#495057'];
/** Colours of the baseline parts (intercept, trend...) in every chart. */
export const BASE = { intercept: '#adb5bd', trend: '#868e96', seasonality: '#ced4da', weekday: '#dee2e6' };

function paletteAt(i) {
  if (i < PALETTE.length) return PALETTE[i];
  // Past the list: golden-angle hues at fixed saturation and lightness, as `#rrggbb` (which
  // faded() reads).
  const h = (i * 137.508) % 360;
  const sat = 0.65;
  const l = 0.42;
  const a = sat * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)))).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

// One colour per series name (channel, organic variable, control), the same in every chart.
const keyed = new Map();

/** Give these names their colours, in order (the model's channels first); called once per
 * model shown, so a channel keeps its colour across every chart of the page. */
export function keyColors(names) {
  keyed.clear();
  for (const n of names) if (!keyed.has(n)) keyed.set(n, paletteAt(keyed.size));
}

/** The colour of a named series (a new name gets the next free colour). */
export function colorOf(name) {
  if (!keyed.has(name)) keyed.set(name, paletteAt(keyed.size));
  return keyed.get(name);
}

/** The colour of a decomposition component: its own for channels, organic and controls; a grey
 * per baseline part. */
export function componentColor(c) { return BASE[c.kind] || colorOf(c.name); }

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const fmt2 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const sig3 = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const small = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });
/** An amount: whole units from 100 up, 2 significant digits below (a spend of 0.37 is not "0"). */
export const money = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : (Math.abs(v) >= 100 || v === 0 ? fmt : small).format(v));
export const num2 = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : fmt2.format(v));
export const pct = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)}%`);
/** A share as a signed percentage ("+12.5%", "-3%"), `digits` decimals. */
export const signedPct = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 || /^[0.]+$/.test(Math.abs(100 * v).toFixed(digits)) ? '+' : '-'}${Math.abs(100 * v).toFixed(digits)}%`);
/** A chart value for people: whole numbers from 100 up ("20,135"), two decimals below, three
 * significant digits below 1 ("0.0123"). */
export const readable = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–'
  : Math.abs(v) >= 100 ? fmt.format(v) : Math.abs(v) >= 1 ? fmt2.format(v) : sig3.format(v));

const short = new Intl.NumberFormat(undefined, { notation: 'compact', maximumSignificantDigits: 3 });
/** An axis tick: "150K", "2.5M", "0.5". */
export const compact = (v) => (Math.abs(v) >= 1000 ? short.format(v) : readable(v));

/** Tooltip lines with readable numbers: "tv: 20,135", or "tv: 1,200 → 20,135" on x-y charts. */
function tooltipLabel(c) {
  const label = c.dataset.label || '';
  const p = c.parsed || {};
  const xy = c.chart.config.type === 'scatter';
  const y = Array.isArray(c.raw) ? c.raw[1] - c.raw[0] : p.y;
  return xy ? `${label}: ${readable(p.x)} → ${readable(y)}` : `${label}: ${readable(y)}`;
}

function base(extra = {}) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, tooltip: { enabled: true, callbacks: { label: tooltipLabel } } },
    ...extra,
  };
}

function replace(canvas, config) {
  const old = Chart.getChart(canvas);
  if (old) old.destroy();
  return new Chart(canvas, config);
}

/** Shades the x range [from, to] of a category axis (the holdout). */
const shadePlugin = {
  id: 'shade',
  beforeDatasetsDraw(chart, _args, opts) {
    if (opts === undefined || opts.from === undefined || opts.from === null) return;
    const { ctx, chartArea, scales } = chart;
    const x0 = scales.x.getPixelForValue(opts.from);
    ctx.save();
    ctx.fillStyle = 'rgba(255, 212, 59, 0.18)';
    ctx.fillRect(x0, chartArea.top, chartArea.right - x0, chartArea.bottom - chartArea.top);
    ctx.fillStyle = '#8a6d00';
    ctx.fillText(opts.label || 'holdout', x0 + 4, chartArea.top + 12);
    ctx.restore();
  },
};

/** A translucent version of a `#rrggbb` colour. */
function faded(hex, alpha) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Two datasets that shade a band between `low` and `high` (the second fills down to the first);
 * `aux` keeps the lower edge out of the legend. `points(i, v)` makes a data point.
 */
function bandDatasets(label, band, col, points = (_, v) => v) {
  return [
    { label: `${label} (low)`, aux: true, data: band.map((b, i) => points(i, b[0])), borderWidth: 0, pointRadius: 0, backgroundColor: 'transparent', borderColor: 'transparent', fill: false, showLine: true },
    { label, aux: true, band: true, data: band.map((b, i) => points(i, b[1])), borderWidth: 0, pointRadius: 0, backgroundColor: faded(col, 0.18), borderColor: 'transparent', fill: '-1', showLine: true },
  ];
}

/** Legend entries of the main datasets only (not markers or lower band edges). */
const mainLegend = (item, data) => { const d = data.datasets[item.datasetIndex]; return !d.aux || d.band === true && d.legend === true; };

/** Actual vs predicted over time; periods from `holdoutStart` on are shaded; `band` (per
 * period `[low, high]`, optional) is shaded around the prediction. */
export function actualVsPredicted(canvas, { dates, actual, fitted, holdoutStart, band, bandLabel = '90 % band' }) {
  const bands = band && band.length === dates.length ? bandDatasets(bandLabel, band, '#d9480f') : [];
  if (bands.length) bands[1].legend = true;
  return replace(canvas, {
    type: 'line',
    data: {
      labels: dates,
      datasets: [
        { label: 'actual', data: actual, borderColor: '#212529', borderWidth: 1.5, pointRadius: 0 },
        { label: 'predicted', data: fitted, borderColor: '#d9480f', borderWidth: 1.5, pointRadius: 0, borderDash: [5, 3] },
        ...bands,
      ],
    },
    options: base({
      plugins: { ...base().plugins, shade: holdoutStart < dates.length ? { from: holdoutStart } : {}, legend: { position: 'bottom', labels: { boxWidth: 12, filter: mainLegend } } },
      scales: { x: { ticks: { maxTicksLimit: 8 } } },
    }),
    plugins: [shadePlugin],
  });
}

/** Whiskers from `low[i]` to `high[i]` over each bar of dataset 0 (`options.plugins.whiskers`). */
const whiskerPlugin = {
  id: 'whiskers',
  afterDatasetsDraw(chart, _args, opts) {
    if (!opts || !opts.low) return;
    const { ctx, scales } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.strokeStyle = '#212529';
    ctx.lineWidth = 1.5;
    meta.data.forEach((bar, i) => {
      const lo = opts.low[i];
      const hi = opts.high[i];
      if (lo === null || lo === undefined || !Number.isFinite(lo)) return;
      const top = hi === null || hi === undefined || !Number.isFinite(hi) ? chart.chartArea.top : scales.y.getPixelForValue(hi);
      const bottom = scales.y.getPixelForValue(lo);
      const cap = Math.min(8, bar.width / 4);
      ctx.beginPath();
      ctx.moveTo(bar.x, bottom); ctx.lineTo(bar.x, top);
      ctx.moveTo(bar.x - cap, bottom); ctx.lineTo(bar.x + cap, bottom);
      if (top !== chart.chartArea.top || Number.isFinite(hi)) { ctx.moveTo(bar.x - cap, top); ctx.lineTo(bar.x + cap, top); }
      ctx.stroke();
    });
    ctx.restore();
  },
};

/**
 * ROI (or CPA) per channel as bars, with whiskers over its interval (`low`, `high`; a missing
 * high end runs to the top) and, when known, the true value as a cross.
 */
export function roiBars(canvas, { channels, values, low, high, truth, label = 'ROI', intervalLabel = 'interval' }) {
  const datasets = [{ label, data: values, backgroundColor: channels.map((n) => faded(colorOf(n), 0.75)), order: 2 }];
  if (truth && truth.some((t) => t !== null)) {
    datasets.push({ type: 'line', label: `true ${label}`, data: truth, showLine: false, pointStyle: 'crossRot', pointRadius: 8, borderWidth: 2, borderColor: '#212529', backgroundColor: '#212529', order: 1 });
  }
  const top = Math.max(...values.filter(Number.isFinite), ...high.filter((v) => v !== null && Number.isFinite(v)));
  return replace(canvas, {
    type: 'bar',
    data: { labels: channels, datasets },
    options: base({
      scales: { y: { beginAtZero: true, suggestedMax: Number.isFinite(top) ? top * 1.05 : undefined, title: { display: true, text: `${label} (whiskers: ${intervalLabel})` } } },
      plugins: {
        ...base().plugins,
        whiskers: { low, high },
        tooltip: { callbacks: { label: tooltipLabel, afterLabel: (c) => (c.datasetIndex === 0 && low[c.dataIndex] !== null && low[c.dataIndex] !== undefined ? `${intervalLabel}: ${readable(low[c.dataIndex])}${high[c.dataIndex] === null ? ' or more' : `–${readable(high[c.dataIndex])}`}` : '') } },
      },
    }),
    plugins: [whiskerPlugin],
  });
}

/** Contributions over time, stacked: baseline parts then channels. */
export function contributions(canvas, { dates, components }) {
  const datasets = components.map((c) => {
    const col = componentColor(c);
    return { label: c.name, data: c.values, backgroundColor: col, borderColor: col, fill: true, pointRadius: 0, borderWidth: 0.5 };
  });
  return replace(canvas, {
    type: 'line',
    data: { labels: dates, datasets },
    options: base({ scales: { x: { ticks: { maxTicksLimit: 8 } }, y: { stacked: true } }, plugins: { ...base().plugins, tooltip: { mode: 'index', intersect: false, callbacks: { label: tooltipLabel } } } }),
  });
}

/** Effect share vs spend share per channel, with ROI printed above. */
export function shares(canvas, { channels, spendShare, effectShare, roi, roiLabel = 'ROI' }) {
  const labels = {
    id: 'roiLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const meta = chart.getDatasetMeta(1);
      ctx.save();
      ctx.fillStyle = '#212529';
      ctx.textAlign = 'center';
      meta.data.forEach((bar, i) => ctx.fillText(`${roiLabel} ${num2(roi[i])}`, bar.x, Math.min(bar.y, chart.getDatasetMeta(0).data[i].y) - 6));
      ctx.restore();
    },
  };
  return replace(canvas, {
    type: 'bar',
    data: {
      labels: channels,
      datasets: [
        { label: 'spend share', data: spendShare.map((v) => 100 * v), backgroundColor: '#ced4da' },
        { label: 'effect share', data: effectShare.map((v) => 100 * v), backgroundColor: channels.map(colorOf) },
      ],
    },
    options: base({ scales: { y: { title: { display: true, text: '% of paid media' }, grace: '12%' } } }),
    plugins: [labels],
  });
}

/** Each bar's value written at its end (a waterfall's step, not its running level). */
const barValuesPlugin = {
  id: 'barValues',
  afterDatasetsDraw(chart, _args, opts) {
    if (!opts || !opts.values) return;
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.fillStyle = '#212529';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.font = `${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
    meta.data.forEach((bar, i) => {
      const v = opts.values[i];
      if (!Number.isFinite(v)) return;
      const right = Math.max(bar.x, bar.base);
      ctx.fillText(opts.format(v), Math.min(right + 4, chart.chartArea.right - 4), bar.y);
    });
    ctx.restore();
  },
};

/** A waterfall, one bar per row (names read across, values fit beside the bars): each step
 * starts where the previous ended; the last bar is the total. Every bar carries its value;
 * steps below 1e-6 of the largest read 0. */
export function waterfall(canvas, { labels, values, colors }) {
  let level = 0;
  const bars = values.map((v) => { const from = level; level += v; return [Math.min(from, level), Math.max(from, level)]; });
  bars.push([0, level]);
  const biggest = Math.max(...values.map(Math.abs), Math.abs(level));
  const format = (v) => (Math.abs(v) < 1e-6 * biggest ? '0' : readable(v));
  return replace(canvas, {
    type: 'bar',
    data: {
      labels: [...labels, 'total'],
      datasets: [{ label: 'contribution', data: bars, backgroundColor: [...colors, '#343a40'], minBarLength: 3 }],
    },
    options: base({
      indexAxis: 'y',
      layout: { padding: { right: 8 } },
      scales: { x: { grace: '18%', ticks: { maxTicksLimit: 6, callback: (v) => compact(v) } }, y: { ticks: { autoSkip: false } } },
      plugins: { legend: { display: false }, barValues: { values: [...values, level], format }, tooltip: { callbacks: { label: (c) => format(c.raw[1] - c.raw[0]) } } },
    }),
    plugins: [barValuesPlugin],
  });
}

/** A small readable axis: a few ticks, numbers formatted for people. */
const axis = (title) => ({ title: { display: !!title, text: title }, ticks: { maxTicksLimit: 5, callback: (v) => compact(v) } });

/** Where a small chart's spend axis ends: the curve's last point, or a marker beyond it (with
 * room for the marker). */
function spendEnd(s) {
  const curve = Math.max(0, ...s.points.map((p) => p.spend));
  const marker = Math.max(0, ...(s.markers || []).map((m) => m.x));
  return marker > curve ? 1.05 * marker : curve;
}

function curveDatasets(s) {
  const col = colorOf(s.name);
  const datasets = [{ label: s.name, data: s.points.map((p) => ({ x: p.spend, y: p.response })), borderColor: col, backgroundColor: col, pointRadius: 0, borderWidth: 2, showLine: true }];
  for (const m of s.markers || []) {
    datasets.push({ label: `${s.name}: ${m.label}`, aux: true, data: [{ x: m.x, y: m.y }], borderColor: col, backgroundColor: m.hollow ? '#fff' : col, borderWidth: 2, pointRadius: 6, pointStyle: m.style || 'circle', showLine: false });
  }
  // Bands come after the curve and its markers, so those keep their places.
  if (s.band && s.band.length === s.points.length) datasets.push(...bandDatasets(`${s.name}: 90 % band`, s.band, col, (k, v) => ({ x: s.points[k].spend, y: v })));
  return datasets;
}

/**
 * Response curves (spend per period -> KPI per period) as small multiples: one small chart per
 * channel on its own axes, titled with the channel's name in its colour, so a small channel is
 * as readable as a big one (on one shared axis they pile up near zero). Marked points per channel
 * (`markers`), and where a series has a `band` (per point `[low, high]`) the band shaded.
 * `container` is an element: one cell and canvas per channel are made in it. Drawn again for the
 * same channels, only the markers move (the what-if sliders redraw on every step).
 * Returns `{ multiples: true, charts, container }` (toPng and svg.js chartToSvg read it).
 */
export function curves(container, { series, unit = 'period', kpi = 'KPI' }) {
  const prev = container.__multiples;
  // The same channels and curves (only markers differ): move the markers.
  const names = series.map((s) => {
    const last = s.points[s.points.length - 1] || {};
    return `${s.name}\t${s.points.length}\t${last.spend}\t${last.response}\t${s.band ? s.band.length : 0}`;
  }).join('\n');
  if (prev && prev.names === names && prev.charts.every((c) => Chart.getChart(c.canvas) === c)) {
    series.forEach((s, i) => {
      const chart = prev.charts[i];
      (s.markers || []).forEach((m, j) => { chart.data.datasets[1 + j].data = [{ x: m.x, y: m.y }]; });
      chart.options.scales.x.max = spendEnd(s);
      chart.update('none');
    });
    return prev;
  }
  const out = smallMultiples(container, series, (s) => ({
    type: 'scatter',
    data: { datasets: curveDatasets(s) },
    options: base({
      // The spend axis ends where the curve (or a marker beyond it) ends.
      scales: { x: { ...axis(`spend per ${unit}`), min: 0, max: spendEnd(s) }, y: { ...axis(''), beginAtZero: true } },
      plugins: { ...base().plugins, legend: { display: false } },
    }),
  }), (s) => `${s.name}: ${kpi} per ${unit} against spend per ${unit}`);
  out.names = names;
  return out;
}

/** One small chart per item in `container` (titled with the item's name in its colour), the
 * charts drawn there before destroyed. Returns `{ multiples: true, charts, container }`. */
function smallMultiples(container, items, configOf, label) {
  const prev = container.__multiples;
  if (prev) prev.charts.forEach((c) => c.destroy());
  container.replaceChildren();
  const made = items.map((item) => {
    const cell = document.createElement('div');
    cell.className = 'multiple';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label(item));
    cell.append(canvas);
    container.append(cell);
    const config = configOf(item);
    config.options.plugins = { ...config.options.plugins, title: { display: true, text: item.name, color: colorOf(item.name), font: { weight: 'bold' }, padding: 2 } };
    return new Chart(canvas, config);
  });
  const out = { multiples: true, charts: made, container };
  container.__multiples = out;
  return out;
}

/** Colours of chains in trace plots (told apart from each other, not from channels). */
const CHAIN_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/**
 * Trace plots: per channel, its ROI (or `label`) at each saved draw, one line per chain in
 * sampling order. Chains that have converged wander over the same band and overlap; a chain
 * stuck apart shows as a line of its own. `series`: `[{ name, chains: number[][] }]`.
 */
export function traces(container, { series, label = 'ROI' }) {
  return smallMultiples(container, series, (s) => ({
    type: 'line',
    data: {
      labels: Array.from({ length: Math.max(0, ...s.chains.map((c) => c.length)) }, (_, i) => i + 1),
      datasets: s.chains.map((c, k) => ({ label: `chain ${k + 1}`, data: c, borderColor: CHAIN_COLORS[k % CHAIN_COLORS.length], backgroundColor: CHAIN_COLORS[k % CHAIN_COLORS.length], borderWidth: 1, pointRadius: 0 })),
    },
    options: base({
      scales: { x: { title: { display: true, text: 'saved draw' }, ticks: { maxTicksLimit: 5 } }, y: { ...axis(label), beginAtZero: true } },
      plugins: { ...base().plugins, legend: { display: s === series[0], position: 'bottom', labels: { boxWidth: 10 } } },
    }),
  }), (s) => `${s.name}: ${label} at each saved draw, one line per chain`);
}

/** Equal-width bins from the smallest to the largest value: `{ edges, counts }`. */
export function histogram(values, bins = 20) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array(hi > lo ? bins : 1).fill(0);
  for (const v of values) counts[Math.min(counts.length - 1, Math.floor((v - lo) / width))] += 1;
  return { edges: Array.from({ length: counts.length + 1 }, (_, i) => lo + i * width), counts };
}

/**
 * Posterior histograms: per channel, how its draws of the ROI (or `label`) are spread, all
 * chains together; the bins inside the 90 % interval in the channel's colour, the rest faded.
 * `series`: `[{ name, values, interval: [low, high] | null }]`.
 */
export function posteriors(container, { series, label = 'ROI' }) {
  return smallMultiples(container, series, (s) => {
    const { edges, counts } = histogram(s.values);
    const col = colorOf(s.name);
    const inside = (i) => !s.interval || ((edges[i] + edges[i + 1]) / 2 >= s.interval[0] && (edges[i] + edges[i + 1]) / 2 <= s.interval[1]);
    return {
      type: 'bar',
      data: {
        labels: counts.map((_, i) => readable((edges[i] + edges[i + 1]) / 2)),
        datasets: [{ label: 'draws', data: counts, backgroundColor: counts.map((_, i) => (inside(i) ? col : faded(col, 0.3))), barPercentage: 1, categoryPercentage: 1 }],
      },
      options: base({
        scales: { x: { title: { display: true, text: label }, ticks: { maxTicksLimit: 5 } }, y: { ...axis('draws'), beginAtZero: true } },
        plugins: { ...base().plugins, legend: { display: false } },
      }),
    };
  }, (s) => `${s.name}: how its ${s.values.length} draws of the ${label} are spread`);
}

/** Adstock decay: share of a period's activity still working k periods later. The axis ends
 * where the decay is over: one period after the last weight of 1 % or more. */
export function decay(canvas, { series }) {
  const longest = Math.max(...series.map((s) => s.weights.length));
  let last = 0;
  for (const s of series) s.weights.forEach((w, k) => { if (w >= 0.01 && k > last) last = k; });
  const len = Math.min(longest, Math.max(3, last + 2));
  return replace(canvas, {
    type: 'line',
    data: {
      labels: Array.from({ length: len }, (_, k) => k),
      datasets: series.map((s) => ({ label: s.name, data: s.weights.slice(0, len), borderColor: colorOf(s.name), backgroundColor: colorOf(s.name), pointRadius: 2, borderWidth: 2 })),
    },
    options: base({ scales: { x: { title: { display: true, text: 'periods after the spend' } }, y: { min: 0, title: { display: true, text: 'weight' } } } }),
  });
}

/** The q-quantile of numbers (nearest rank). */
function quantile(values, q) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))] : NaN;
}

/** An axis range that holds the front and the bulk of the cloud (up to its 95th percentile), so
 * a few far-off candidates do not squash the front; points beyond are clipped. */
function paretoRange(front, cloud, k) {
  const f = front.map((p) => p[k]);
  const [fLo, fHi] = [Math.min(...f), Math.max(...f)];
  const c = cloud.map((p) => p[k]).filter(Number.isFinite);
  const lo = Math.min(fLo, ...c);
  // The front and as much again beyond it, no further than the cloud's 95th percentile.
  const hi = Math.max(fHi, Math.min(quantile(c, 0.95), fHi + Math.max(fHi - fLo, 0.25 * Math.abs(fHi))));
  const pad = 0.04 * (hi - lo || Math.abs(hi) || 1);
  return { min: Math.max(0, lo - pad), max: hi + pad };
}

/** The Pareto front (NRMSE vs DECOMP.RSSD) over a cloud of candidates; clicking a front point
 * calls `onSelect(index)`. */
export function pareto(canvas, { cloud, front, selectedIndex, recommended, onSelect }) {
  const chart = replace(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Pareto-optimal models', data: front.map((p) => ({ x: p[0], y: p[1] })), backgroundColor: '#1f5fa8', pointRadius: 5, pointHoverRadius: 8, order: 1 },
        { label: 'shown', data: selectedIndex === null ? [] : [{ x: front[selectedIndex][0], y: front[selectedIndex][1] }], backgroundColor: '#d9480f', pointRadius: 9, pointStyle: 'rectRot', order: 0 },
        { label: 'recommended', data: recommended ? [{ x: recommended[0], y: recommended[1] }] : [], borderColor: '#2b8a3e', backgroundColor: '#2b8a3e', pointRadius: 8, pointStyle: 'star', borderWidth: 2, order: 0 },
        { label: 'other candidates', data: cloud.map((p) => ({ x: p[0], y: p[1] })), backgroundColor: 'rgba(134, 142, 150, 0.25)', pointRadius: 1.5, order: 2 },
      ],
    },
    options: base({
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: { ...paretoRange(front, cloud, 0), title: { display: true, text: 'NRMSE (fit error; the view is fitted to the front, far-off candidates are cut)' }, ticks: { callback: (v) => readable(v) } },
        y: { ...paretoRange(front, cloud, 1), title: { display: true, text: 'DECOMP.RSSD' }, ticks: { callback: (v) => readable(v) } },
      },
      onClick: (_e, elements) => {
        const hit = elements.find((el) => el.datasetIndex === 0);
        if (hit && onSelect) onSelect(hit.index);
      },
    }),
  });
  return chart;
}

/** Current vs optimal (or scenario) spend per channel. */
export function spendBars(canvas, { channels, current, optimal, optimalLabel = 'optimal', unit = 'spend per period' }) {
  return replace(canvas, {
    type: 'bar',
    data: {
      labels: channels,
      datasets: [
        { label: 'current', data: current, backgroundColor: '#ced4da' },
        { label: optimalLabel, data: optimal, backgroundColor: channels.map(colorOf) },
      ],
    },
    options: base({ scales: { y: { title: { display: true, text: unit }, ticks: { callback: (v) => readable(v) } } } }),
  });
}

/** Apply the page's type size to every chart. */
export function setFontSize(px) {
  Chart.defaults.font.size = px;
  Object.values(Chart.instances).forEach((c) => c.update());
}

// ---- Export --------------------------------------------------------------------------------

/** The scale of exported images: twice the device pixels (at least 2 image pixels per CSS pixel). */
export const exportScale = () => 2 * Math.max(1, window.devicePixelRatio || 1);

/** A Chart drawn again at `scale` image pixels per CSS pixel: a canvas (the chart on screen is
 * put back as it was). */
function rendered(chart, scale) {
  const before = chart.options.devicePixelRatio;
  chart.options.devicePixelRatio = scale;
  chart.resize();
  chart.update('none');
  const copy = document.createElement('canvas');
  copy.width = chart.canvas.width;
  copy.height = chart.canvas.height;
  copy.getContext('2d').drawImage(chart.canvas, 0, 0);
  chart.options.devicePixelRatio = before;
  chart.resize();
  chart.update('none');
  return copy;
}

/**
 * The chart (a Chart, or small multiples from `curves`) as one image on white with `title` drawn
 * above it, at `exportScale()`: a canvas. Small multiples keep their places on the page.
 */
export function exportCanvas(chart, title) {
  const scale = exportScale();
  const parts = chart.multiples ? chart.charts : [chart];
  const box = (chart.multiples ? chart.container : chart.canvas).getBoundingClientRect();
  const titleCss = Math.round(1.6 * Chart.defaults.font.size) + 12;
  const out = document.createElement('canvas');
  out.width = Math.round(box.width * scale);
  out.height = Math.round((box.height + titleCss) * scale);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1b1f23';
  ctx.textBaseline = 'middle';
  ctx.font = `bold ${Math.round(1.4 * Chart.defaults.font.size * scale)}px ${Chart.defaults.font.family}`;
  ctx.fillText(title, 8 * scale, (titleCss / 2) * scale, out.width - 16 * scale);
  for (const c of parts) {
    const r = c.canvas.getBoundingClientRect();
    const img = rendered(c, scale);
    ctx.drawImage(img, (r.left - box.left) * scale, (r.top - box.top + titleCss) * scale, r.width * scale, r.height * scale);
  }
  return out;
}

/** The chart as a titled PNG data URL (see exportCanvas). */
export function toPng(chart, title = '') {
  return exportCanvas(chart, title).toDataURL('image/png');
}

// The SVG export is written from the live chart (vector shapes): see svg.js.
