// Layout with every section shown (a Bayesian fit of the demo with a lift test, the plan, the
// "Test next" ranking, Advanced open): nothing reaches past its card or the window in Large type
// at 1280×720 and 1024×768, no select cuts its text, every "?" tip stays inside the window, and
// the printed report is one A4 page with its charts whole, at a usable size, and no empty heading.
// Screenshots go to tests/e2e/artifacts/layout-*.png and the report to layout-report.pdf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env, useBrowser, artifacts, openPage, ready, shot, useBayes, waitDone } from './helpers.mjs';

useBrowser();

/** The demo loaded, one lift test entered from a CSV (near the truth), a short Bayesian fit, the
 * plan, the tests ranked and Advanced opened. */
async function everySection(page) {
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  const lift = await page.evaluate(async () => {
    const { simulate } = await import('./pkg/index.js');
    const demo = await simulate({ seed: 1 });
    const lines = demo.csv.trim().split('\n').map((l) => l.split(','));
    const t = demo.truth.channels[0];
    const col = lines[0].indexOf(t.spend_column);
    let spend = 0;
    for (let r = 60; r <= 63; r++) spend += Number(lines[r + 1][col]);
    const value = Math.round(t.roi * spend);
    return `channel,start,end,lift,standard_error\n${t.name},${lines[61][0]},${lines[64][0]},${value},${Math.round(value / 8)}\n`;
  });
  await page.setInputFiles('#lift-input', { name: 'lift.csv', mimeType: 'text/csv', buffer: Buffer.from(lift) });
  await page.waitForSelector('#lift-table tbody tr');
  await useBayes(page, { chains: 2, draws: 150, tune: 150 });
  await page.click('#fit-button');
  try {
    await waitDone(page, 240000);
  } catch (e) {
    const where = await page.evaluate(() => ['progress-text', 'chain-progress', 'fit-error', 'status'].map((id) => `${id}: ${document.getElementById(id).textContent}`).join('; '));
    throw new Error(`${e.message} (${where})`);
  }
  await page.click('#plan-button');
  await page.waitForSelector('#plan-table tbody tr');
  await page.$eval('#design-box', (e) => e.scrollIntoView());
  await page.waitForFunction(() => /ranked in/.test(document.getElementById('design-status').textContent), null, { timeout: 120000 });
  await page.click('#advanced > summary');
  assert.ok(await page.isVisible('#calibration-table tr'), 'the calibration of the lift test is shown');
}

/** The page's width past the window, elements whose right edge passes their card's (section,
 * header, footer) or the window's, and selects too narrow for the option they show. */
function overflows(page) {
  return page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().replace(/\s+/g, '.')}` : ''}`;
    const past = [];
    for (const e of document.querySelectorAll('body *')) {
      const card = e.closest('section, header, footer');
      if (!card || card === e || !visible(e)) continue;
      const right = e.getBoundingClientRect().right;
      if (right > card.getBoundingClientRect().right + 0.5 || right > window.innerWidth + 0.5) past.push(`${name(e)} in ${card.id || card.tagName}: ${Math.round(right)}`);
    }
    const scrolled = [...document.querySelectorAll('.table-wrap')].filter(visible)
      .filter((w) => w.scrollWidth > w.clientWidth + 0.5).map((w) => `${name(w.firstElementChild)}: ${w.scrollWidth} in ${w.clientWidth}`);
    const cut = [...document.querySelectorAll('main select:not(.preview select)')].filter((s) => visible(s) && s.selectedOptions[0]).filter((s) => {
      const probe = document.createElement('span');
      probe.style.cssText = `font: ${getComputedStyle(s).font}; white-space: pre; position: absolute;`;
      probe.textContent = s.selectedOptions[0].text;
      document.body.append(probe);
      const text = probe.getBoundingClientRect().width;
      probe.remove();
      const cs = getComputedStyle(s);
      return text > s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16; // 16: the arrow
    }).map((s) => `${name(s)}: "${s.selectedOptions[0].text}"`);
    return { page: document.documentElement.scrollWidth - window.innerWidth, past: past.slice(0, 20), scrolled, cut };
  });
}

/** Every visible "?" focused in turn: its tip's box (the ::after, read through the DevTools
 * protocol) must lie inside the window. Returns the tips that do not. */
async function tipsOutside(page) {
  const cdp = await page.context().newCDPSession(page);
  const outside = [];
  try {
    const count = await page.$$eval('.help', (bs) => bs.length);
    for (let i = 0; i < count; i++) {
      const name = await page.evaluate((i) => {
        const b = document.querySelectorAll('.help')[i];
        if (b.getClientRects().length === 0) return null;
        b.scrollIntoView({ block: 'center' });
        b.focus();
        return b.getAttribute('aria-label');
      }, i);
      if (name === null) continue;
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '.help' });
      const { node } = await cdp.send('DOM.describeNode', { nodeId: nodeIds[i], depth: 1 });
      const after = (node.pseudoElements || []).find((p) => p.pseudoType === 'after');
      if (!after) { outside.push(`${name}: no tip shown`); continue; }
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: after.backendNodeId });
      const [left, top, right, , , bottom] = model.border;
      const [w, h] = await page.evaluate(() => [window.innerWidth, window.innerHeight]);
      if (left < 0 || top < 0 || right > w || bottom > h) outside.push(`${name}: ${[left, top, right, bottom].map(Math.round)} in ${w}x${h}`);
    }
  } finally {
    await cdp.detach();
  }
  return outside;
}

/** The printed page (print media at the A4 width inside the margins): every chart shown, its
 * drawing size, and whether it lies inside its figure; headings with nothing after them. */
function printFacts(page) {
  return page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden';
    const charts = [...document.querySelectorAll('main figure')].filter(visible).map((f) => {
      const box = f.getBoundingClientRect();
      const canvases = [...f.querySelectorAll('canvas')].filter(visible).map((c) => {
        const r = c.getBoundingClientRect();
        const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
        return { w: Math.round(r.width), h: Math.round(r.height), inside, drawn: !!window.Chart.getChart(c) };
      });
      return { title: f.querySelector('figcaption').innerText.replace(/\s+/g, ' ').trim(), canvases };
    });
    const empty = [...document.querySelectorAll('main h1, main h2, main h3')].filter(visible).filter((h) => {
      let next = h.nextElementSibling;
      while (next && !visible(next)) next = next.nextElementSibling;
      return !next || (next.innerText.trim() === '' && !next.querySelector('canvas'));
    }).map((h) => h.textContent);
    return { charts, empty };
  });
}

test('Large type at 1280x720 and 1024x768 with every section shown: nothing past its card or the window, no select cut, every tip inside the window', async () => {
  const { context, page, errors } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
    await ready(page);
    await everySection(page);
    assert.deepEqual(await overflows(page), { page: 0, past: [], scrolled: [], cut: [] }, 'normal type, 1280x720');
    await page.click('#large-type');
    for (const [width, height] of [[1280, 720], [1024, 768]]) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await overflows(page), { page: 0, past: [], scrolled: [], cut: [] }, `Large type, ${width}x${height}`);
      await shot(page, `layout-large-${width}x${height}.png`);
    }
    // The lift tests' scope is read whole (it was cut to "total (window + carr").
    assert.equal(await page.$eval('#lift-table .lift-scope', (s) => s.selectedOptions[0].text), 'total (window + carryover)');
    // Every "?" tip inside the window, in the narrowest case and in normal type at 1280.
    assert.deepEqual(await tipsOutside(page), [], 'Large type, 1024x768');
    await page.click('#large-type');
    await page.setViewportSize({ width: 1280, height: 720 });
    assert.deepEqual(await tipsOutside(page), [], 'normal type, 1280x720');
    await page.setViewportSize({ width: 1024, height: 768 });
    assert.deepEqual(await overflows(page), { page: 0, past: [], scrolled: [], cut: [] }, 'normal type, 1024x768');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the printed report: one A4 page, the README\'s charts whole and at a usable size, no empty heading', async () => {
  const { context, page, errors } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
    await ready(page);
    await everySection(page);
    // The PDF the browser prints: one page.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(join(artifacts, 'layout-report.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || [];
    assert.equal(pages.length, 1, 'the report is one A4 page');
    // The print layout at the page's width (A4 less 8 mm margins: 733 CSS px).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 733, height: 1040 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { charts, empty } = await printFacts(page);
    await page.screenshot({ path: join(artifacts, 'layout-print.png'), fullPage: true });
    assert.deepEqual(empty, [], 'no heading without content');
    // The README's report: actual vs predicted, contributions, ROI, response curves, the plan.
    const titles = charts.map((c) => c.title);
    const wanted = [/^Actual vs predicted$/, /^Contributions over time$/, /^ROI per channel, with its 90 % interval$/, /^Response curves/, /^Current vs planned spend$/];
    assert.equal(titles.length, wanted.length, titles.join(' | '));
    wanted.forEach((w, k) => assert.match(titles[k], w));
    for (const c of charts) {
      assert.ok(c.canvases.length > 0, `${c.title}: a chart`);
      for (const k of c.canvases) {
        assert.ok(k.drawn && k.inside, `${c.title}: drawn inside its figure (${JSON.stringify(k)})`);
        assert.ok(k.h >= 100 && k.w >= 60, `${c.title}: ${k.w}x${k.h} px, a usable size`);
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
