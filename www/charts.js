// Charts for the MixLens page, on Chart.js (loaded as a classic script from vendor/, pinned in
// www/package-lock.json). Every function takes a canvas and plain arrays, never wasm types, and
// returns the Chart so the page can update it or export it as PNG.

/* global Chart */

export const PALETTE = ['#1f5fa8', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0b7285', '#c2255c', '#5c940d', '#364fc7', '#862e9c'];
/** Colours of the baseline parts (intercept, trend...) in every chart. */
export const BASE = { intercept: '#adb5bd', trend: '#868e96', seasonality: '#ced4da', weekday: '#dee2e6', control: '#a5d8ff', organic: '#b2f2bb' };

export function color(i) { return PALETTE[i % PALETTE.length]; }

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const fmt2 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const small = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });
/** An amount: whole units from 100 up, 2 significant digits below (a spend of 0.37 is not "0"). */
export const money = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : (Math.abs(v) >= 100 || v === 0 ? fmt : small).format(v));
export const num2 = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : fmt2.format(v));
export const pct = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)}%`);
/** A share as a signed percentage ("+12.5%", "-3%"), `digits` decimals. */
export const signedPct = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(digits)}%`);

function base(extra = {}) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, tooltip: { enabled: true } },
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
  const datasets = [{ label, data: values, backgroundColor: channels.map((_, i) => faded(color(i), 0.75)), order: 2 }];
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
        tooltip: { callbacks: { afterLabel: (c) => (c.datasetIndex === 0 && low[c.dataIndex] !== null && low[c.dataIndex] !== undefined ? `${intervalLabel}: ${num2(low[c.dataIndex])}–${high[c.dataIndex] === null ? '∞' : num2(high[c.dataIndex])}` : '') } },
      },
    }),
    plugins: [whiskerPlugin],
  });
}

/** Contributions over time, stacked: baseline parts then channels. */
export function contributions(canvas, { dates, components }) {
  let paid = 0;
  const datasets = components.map((c) => {
    const col = c.kind === 'paid' ? color(paid++) : (BASE[c.kind] || '#dee2e6');
    return { label: c.name, data: c.values, backgroundColor: col, borderColor: col, fill: true, pointRadius: 0, borderWidth: 0.5 };
  });
  return replace(canvas, {
    type: 'line',
    data: { labels: dates, datasets },
    options: base({ scales: { x: { ticks: { maxTicksLimit: 8 } }, y: { stacked: true } }, plugins: { ...base().plugins, tooltip: { mode: 'index', intersect: false } } }),
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
        { label: 'effect share', data: effectShare.map((v) => 100 * v), backgroundColor: channels.map((_, i) => color(i)) },
      ],
    },
    options: base({ scales: { y: { title: { display: true, text: '% of paid media' }, grace: '12%' } } }),
    plugins: [labels],
  });
}

/** A waterfall: each step starts where the previous ended; the last bar is the total. */
export function waterfall(canvas, { labels, values, colors }) {
  let level = 0;
  const bars = values.map((v) => { const from = level; level += v; return [Math.min(from, level), Math.max(from, level)]; });
  bars.push([0, level]);
  return replace(canvas, {
    type: 'bar',
    data: {
      labels: [...labels, 'total'],
      datasets: [{ label: 'contribution', data: bars, backgroundColor: [...colors, '#343a40'] }],
    },
    options: base({ plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => money(c.raw[1] - c.raw[0]) } } } }),
  });
}

/** Response curves (spend per period -> KPI per period), with marked points per channel and,
 * where a series has a `band` (per point `[low, high]`), the band shaded. Band datasets come
 * after every curve and marker, so those keep their places. */
export function curves(canvas, { series }) {
  const datasets = [];
  const bands = [];
  series.forEach((s, i) => {
    datasets.push({ label: s.name, data: s.points.map((p) => ({ x: p.spend, y: p.response })), borderColor: color(i), backgroundColor: color(i), pointRadius: 0, borderWidth: 2, showLine: true });
    (s.markers || []).forEach((m) => datasets.push({
      label: `${s.name}: ${m.label}`, aux: true, data: [{ x: m.x, y: m.y }], borderColor: color(i), backgroundColor: m.hollow ? '#fff' : color(i),
      pointRadius: 6, pointStyle: m.style || 'circle', showLine: false,
    }));
    if (s.band && s.band.length === s.points.length) bands.push(...bandDatasets(`${s.name}: 90 % band`, s.band, color(i), (k, v) => ({ x: s.points[k].spend, y: v })));
  });
  datasets.push(...bands);
  return replace(canvas, {
    type: 'scatter',
    data: { datasets },
    options: base({
      scales: { x: { title: { display: true, text: 'spend per period' } }, y: { title: { display: true, text: 'KPI per period' } } },
      plugins: { ...base().plugins, legend: { position: 'bottom', labels: { boxWidth: 12, filter: mainLegend } } },
    }),
  });
}

/** Adstock decay: share of a period's activity still working k periods later. */
export function decay(canvas, { series }) {
  const len = Math.min(26, Math.max(...series.map((s) => s.weights.length)));
  return replace(canvas, {
    type: 'line',
    data: {
      labels: Array.from({ length: len }, (_, k) => k),
      datasets: series.map((s, i) => ({ label: s.name, data: s.weights.slice(0, len), borderColor: color(i), pointRadius: 2, borderWidth: 2 })),
    },
    options: base({ scales: { x: { title: { display: true, text: 'periods after the spend' } }, y: { min: 0, title: { display: true, text: 'weight' } } } }),
  });
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
      scales: { x: { title: { display: true, text: 'NRMSE (fit error)' } }, y: { title: { display: true, text: 'DECOMP.RSSD' } } },
      onClick: (_e, elements) => {
        const hit = elements.find((el) => el.datasetIndex === 0);
        if (hit && onSelect) onSelect(hit.index);
      },
    }),
  });
  return chart;
}

/** Current vs optimal (or scenario) spend per channel. */
export function spendBars(canvas, { channels, current, optimal, optimalLabel = 'optimal' }) {
  return replace(canvas, {
    type: 'bar',
    data: {
      labels: channels,
      datasets: [
        { label: 'current', data: current, backgroundColor: '#ced4da' },
        { label: optimalLabel, data: optimal, backgroundColor: channels.map((_, i) => color(i)) },
      ],
    },
    options: base({ scales: { y: { title: { display: true, text: 'spend per period' } } } }),
  });
}

/** Apply the page's type size to every chart. */
export function setFontSize(px) {
  Chart.defaults.font.size = px;
  Object.values(Chart.instances).forEach((c) => c.update());
}

/** The chart as a PNG data URL on a white background. */
export function toPng(chart) {
  const c = chart.canvas;
  const out = document.createElement('canvas');
  out.width = c.width;
  out.height = c.height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(c, 0, 0);
  return out.toDataURL('image/png');
}
