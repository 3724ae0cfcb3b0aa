// Issue 12: charts exported as titled vector SVG (www/svg.js), written from the live Chart.js
// layout: lines as paths, bars as rects, axes with the chart's own tick labels, the title; no
// embedded image. The SVGs go to tests/e2e/artifacts/svg-*.svg.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env, useBrowser, artifacts, openPage, ready, fitDemo } from './helpers.mjs';

useBrowser();

/** Click a chart's SVG button; the downloaded text. */
async function downloadSvg(page, name, file) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const path = join(artifacts, file);
  await d.saveAs(path);
  return readFile(path, 'utf8');
}

/** The SVG parsed by the browser: whether it is well-formed XML, its images, its title, and per
 * chart group its line paths, bars, tick labels, chart title and values. */
function parsed(page, svg) {
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const texts = (root, sel) => [...root.querySelectorAll(sel)].map((t) => t.textContent);
    return {
      error: doc.querySelector('parsererror') ? doc.querySelector('parsererror').textContent : null,
      images: doc.getElementsByTagName('image').length,
      title: doc.querySelector('title') ? doc.querySelector('title').textContent : null,
      titleText: texts(doc, 'text.title'),
      groups: [...doc.querySelectorAll('g.chart')].map((g) => ({
        lines: [...g.querySelectorAll('path.line')].map((p) => ({ series: p.getAttribute('data-series'), points: (p.getAttribute('d').match(/[ML]/g) || []).length })),
        bars: [...g.querySelectorAll('rect.bar')].map((r) => ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a)))),
        ticks: texts(g, 'text.tick'),
        chartTitle: texts(g, 'text.chart-title'),
        values: texts(g, 'text.value'),
        legend: texts(g, 'text.legend'),
      })),
    };
  }, svg);
}

test('SVG export is a vector drawing: curves as paths, waterfall bars as rects, the charts\' tick labels, the title, no image', async () => {
  const { context, page, errors } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
    await ready(page);
    await fitDemo(page);
    const want = await page.evaluate(() => {
      // A chart's tick labels as Chart.js drew them: every scale's shown ticks, in order.
      const ticks = (c) => Object.values(c.scales).flatMap((s) => s.ticks.map((t) => (Array.isArray(t.label) ? t.label.join(' ') : String(t.label))));
      const curves = [...document.querySelectorAll('#chart-curves canvas')].map((c) => window.Chart.getChart(c));
      const w = window.Chart.getChart(document.getElementById('chart-waterfall'));
      const bars = w.getDatasetMeta(0).data;
      const total = bars[bars.length - 1];
      const level = w.data.datasets[0].data.at(-1)[1];
      return {
        curves: curves.map((c) => ({ name: c.data.datasets[0].label, points: c.data.datasets[0].data.length, ticks: ticks(c) })),
        waterfall: { labels: w.data.labels, ticks: ticks(w), zero: w.scales.x.getPixelForValue(0), totalBase: total.base, totalValue: new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(level), totalWidth: total.x - total.base },
      };
    });

    // Response curves: one group per channel, one line per channel through all its points.
    const curves = await parsed(page, await downloadSvg(page, /^Download Response curves.* as SVG$/, 'svg-curves.svg'));
    assert.equal(curves.error, null);
    assert.equal(curves.images, 0, 'no embedded image');
    assert.match(curves.title, /^Response curves, each channel on its own axes/);
    assert.deepEqual(curves.titleText, [curves.title]);
    assert.deepEqual(want.curves.map((c) => c.name), ['tv', 'search', 'social', 'radio', 'display']);
    assert.equal(curves.groups.length, 5);
    curves.groups.forEach((g, i) => {
      const c = want.curves[i];
      assert.deepEqual(g.lines, [{ series: c.name, points: c.points }], `the ${c.name} curve`);
      assert.deepEqual(g.chartTitle, [c.name]);
      assert.deepEqual(g.ticks, c.ticks, `${c.name}'s tick labels`);
      assert.ok(g.ticks.length >= 4, `${c.name} has ticks on both axes: ${g.ticks}`);
    });

    // The waterfall: one horizontal bar per row (steps and the total), the total from 0.
    const waterfall = await parsed(page, await downloadSvg(page, /^Download Where the KPI comes from as SVG$/, 'svg-waterfall.svg'));
    assert.equal(waterfall.error, null);
    assert.equal(waterfall.images, 0);
    assert.equal(waterfall.title, 'Where the KPI comes from');
    assert.deepEqual(waterfall.titleText, ['Where the KPI comes from']);
    const [wg] = waterfall.groups;
    assert.equal(want.waterfall.labels.at(-1), 'total');
    assert.ok(want.waterfall.labels.includes('tv') && want.waterfall.labels.length >= 7, want.waterfall.labels.join(', '));
    assert.equal(wg.bars.length, want.waterfall.labels.length);
    const [x, , width, height] = wg.bars.at(-1);
    // The total starts at 0 (Chart.js starts a bar half the axis line's width off it).
    assert.ok(Math.abs(x - want.waterfall.totalBase) < 0.02 && Math.abs(x - want.waterfall.zero) <= 1, `the total starts at 0 (${x} vs ${want.waterfall.zero})`);
    assert.ok(Math.abs(width - want.waterfall.totalWidth) < 0.02 && height > 0, `total ${width}×${height}`);
    assert.deepEqual(wg.ticks, want.waterfall.ticks);
    for (const name of want.waterfall.labels) assert.ok(wg.ticks.includes(name), `row ${name} named`);
    assert.equal(wg.values.length, want.waterfall.labels.length, 'every bar carries its value (drawn by the page\'s plugin)');
    assert.equal(wg.values.at(-1), want.waterfall.totalValue);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('SVG export escapes names from the file and draws vertical bars to scale', async () => {
  const { context, page, errors } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
    await ready(page);
    const { svg: out, zero } = await page.evaluate(async () => {
      const { chartToSvg } = await import('./svg.js');
      const box = document.createElement('div');
      box.style.cssText = 'width: 400px; height: 300px';
      const canvas = document.createElement('canvas');
      box.append(canvas);
      document.body.append(box);
      const chart = new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: ['a & b', '<c>'],
          datasets: [
            { label: 'tv <"&\'> x', data: [1, 2], backgroundColor: 'rgba(31, 95, 168, 0.75)' },
            { type: 'line', label: 'line & </text>', data: [2, 1], borderColor: '#d9480f', borderWidth: 2 },
          ],
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'ROI <&>' } } }, plugins: { title: { display: true, text: 'T & <t>' } } },
      });
      const svg = chartToSvg(chart, 'Title <&> "q"');
      const zero = chart.scales.y.getPixelForValue(0); // bars are in their chart's own pixels
      chart.destroy();
      box.remove();
      return { svg, zero };
    });
    assert.doesNotMatch(out, /<c>|<"&'>|<t>|<\/text> x/, 'names escaped');
    const p = await parsed(page, out);
    assert.equal(p.error, null, 'well-formed XML');
    assert.equal(p.title, 'Title <&> "q"');
    const [g] = p.groups;
    assert.ok(g.ticks.includes('a & b') && g.ticks.includes('<c>'), g.ticks.join(' | '));
    assert.deepEqual(g.legend, ['tv <"&\'> x', 'line & </text>']);
    assert.deepEqual(g.chartTitle, ['T & <t>']);
    assert.deepEqual(g.lines, [{ series: 'line & </text>', points: 2 }]);
    // Two bars on a shared base, the second twice as high (values 1 and 2 from 0).
    assert.equal(g.bars.length, 2);
    // Two bars on a shared base, the second twice as high above the axis's 0 (values 1 and 2).
    const [[, y1, w1, h1], [, y2, w2, h2]] = g.bars;
    const above = (y) => zero - y;
    assert.ok(above(y1) > 10 && Math.abs(above(y2) - 2 * above(y1)) < 0.05, `tops ${above(y1)}, ${above(y2)} above 0`);
    assert.ok(Math.abs(y1 + h1 - (y2 + h2)) < 0.02 && h1 > 0 && w1 === w2 && w1 > 0);
    assert.match(out, /<text class="axis-title"[^>]*>ROI &lt;&amp;&gt;<\/text>/);
    assert.match(out, /fill="rgb\(31,95,168\)" fill-opacity="0.75"/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
