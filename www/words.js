// The page's words: the executive summary (written by the core, `model.summary()`), the one-line
// explanation of every metric (a focusable "?" marker whose tip shows on hover and on keyboard
// focus), the advice the page gives for an error the user answers in the page, and the heading
// of the printed report.

import { $, el } from './dom.js';
import { state } from './state.js';

/**
 * One line per metric, in the page's vocabulary: a return is per 1 spent over the whole period
 * of the data; a marginal return is what the next 1 spent brings at today's spend.
 */
export const HELP = {
  roi: 'Return per 1 spent: the revenue the model gives this channel divided by its spend, averaged over the whole period of the data.',
  cpa: 'Cost per conversion: the channel\'s spend divided by the conversions the model gives it, over the whole period of the data.',
  interval: '90 % interval: given the data and the priors, the channel\'s return lies in this range with 90 % probability. Wide means the data cannot pin it down.',
  searchInterval: '90 % interval: the returns of the models that fit about as well as the best, each with its own sampling error, widened for curves that are never exactly the data\'s; on test data with a known truth such intervals held the true return for about 9 channels in 10. Wide means the data cannot pin it down.',
  range: 'Range: the lowest and highest return among the models that fit about as well as the best one. Wide means the data cannot pin the channel down.',
  marginal: 'Marginal return: what the next 1 spent returns at the channel\'s average spend over the whole period (the slope of the response curve there; the plan and the summary give it at today\'s spend). Below 1, the last unit spent did not pay back.',
  marginalCpa: 'Marginal cost: what the next conversion costs at the channel\'s average spend over the whole period (the plan and the summary give it at today\'s spend). Above the average cost, the channel is saturating.',
  spend: 'Total spend on the channel over the whole period of the data.',
  contribution: 'The part of the KPI the model gives this channel, over the whole period of the data.',
  spendShare: 'The channel\'s share of all paid spend.',
  effectShare: 'The channel\'s share of everything paid media brought. Above its spend share, it earns more than its share of the budget.',
  carryover: 'Share of the channel\'s effect that arrives in later periods (adstock): the advertising is remembered for a while.',
  truth: 'The true return the simulator used to write the demo data, to compare with the estimate.',
  r2: 'R²: share of the KPI\'s ups and downs the model reproduces (1 = all of them).',
  mape: 'MAPE: the model\'s typical error per period, as a share of the KPI.',
  holdoutR2: 'Holdout R²: the same on the last periods, which the model did not see while fitting: how well it predicts.',
  adjR2: 'Adjusted R²: R² corrected for the number of things the model estimated; it only rises when an addition earns its place.',
  nrmse: 'NRMSE: the typical error per period divided by the range of the KPI. Lower is a closer fit.',
  decompRssd: 'DECOMP.RSSD: how far each channel\'s share of effect is from its share of spend (Robyn\'s second objective). Lower keeps the split plausible.',
  holdoutNrmse: 'Holdout NRMSE: the typical error on the held-out periods divided by the range of the KPI.',
  holdoutMape: 'Holdout MAPE: the typical error on the held-out periods, as a share of the KPI.',
  adstock: 'Adstock: how a period\'s advertising decays over the following periods. θ is the share kept from one period to the next; a Weibull curve (k, λ) can also peak later.',
  saturation: 'Saturation: how returns flatten as spend grows. Hill curve: α is its shape (above 1 it is S-shaped), γ where it bends, as a share of the largest adstocked spend (above 1 the bend lies beyond every spend the channel ran at, so the curve is nearly straight there); logistic: λ how fast it flattens.',
  pareto: 'Pareto front: the models no other model beats on both fit error (NRMSE) and plausibility of the split (DECOMP.RSSD). Each point is one candidate model of the search.',
  diagnostics: 'Convergence: several chains of draws started apart should agree. R-hat near 1 (below 1.05) says they do; effective draws say how many independent draws the chains are worth.',
  planAvg: 'Average return of the channel at that spend: its media revenue per 1 spent, over the planning window (the last periods). The results\' ROI averages the whole period instead, so the two differ.',
  planMarginal: 'Marginal return at that spend: what the next 1 spent returns. A good split evens these out across channels.',
};

/** The glossary entry of `key` (hidden; what a marker's `aria-describedby` points at). */
function glossaryEntry(key, text) {
  const id = `help-${key}`;
  if (!document.getElementById(id)) $('glossary').append(el('p', { id, text }));
  return id;
}

/**
 * A focusable "?" (a button named "What is NRMSE?") whose one-line explanation shows on hover
 * and on keyboard focus (CSS, from `data-tip`) and is its accessible description. The marker
 * adds no text to what it sits in, so a header cell still reads "ROI".
 */
export function helpMarker(key, label) {
  const text = HELP[key] || key;
  return el('button', { type: 'button', class: 'help', 'aria-label': `What is ${label || text.split(':')[0]}?`, 'aria-describedby': glossaryEntry(key, text), 'data-help': key, 'data-tip': text });
}

/** Words followed by their help marker (a header cell's or a metric's content). */
export function withHelp(text, key) {
  const f = document.createDocumentFragment();
  f.append(text, helpMarker(key, text));
  return f;
}

/** The executive summary of the model shown (and of the plan, when one was made). */
export function renderSummary() {
  if (!state.model || !state.report) return;
  let s;
  try {
    s = state.model.summary(state.planRequest || null);
  } catch {
    // A plan request the model refuses (the plan step shows why): the model's summary alone.
    try { s = state.model.summary(null); } catch { return; }
  }
  state.summary = s;
  const r = state.report;
  const n = r.data.dates.length;
  $('model-summary').textContent = `Model of ${r.kpi.name}: ${n} ${r.data.frequency} periods from ${s.first} to ${s.last}. ${s.model.label}`;
  $('summary-headline').textContent = s.headline;
  $('summary-points').replaceChildren(...s.sentences.map((t) => el('li', { text: t })));
  renderPrintHead(s);
}

/** The printed report's heading: title, data set, date range. */
function renderPrintHead(s) {
  $('print-dataset').textContent = `Data: ${state.source || 'a saved model'}`;
  $('print-range').textContent = `${s.first} to ${s.last} (${s.periods} periods)`;
  $('print-date').textContent = `printed ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Advice in the page's own words for an error the user answers in the page (the menus of the
 * preview), keyed by the error's kind; null when the core's message is enough.
 */
export function pageAdvice(e) {
  if (!e || !e.kind) return null;
  return {
    no_media_columns: 'In the table below, set the menu above each paid media spend column to "paid media spend".',
    no_kpi_column: 'In the table below, set the menu above the revenue (or conversions) column to "KPI: revenue" (or "KPI: conversions").',
    ambiguous_kpi: 'In the table below, set the menu above the column to model to "KPI: revenue" (or "KPI: conversions").',
    empty_kpi_column: 'In the table below, set the menu above the column that holds the KPI to "KPI: revenue" (or "KPI: conversions"), or fill the empty column.',
    kpi_column_taken: 'In the table below, set the menu above the column to model to "KPI: revenue" (or "KPI: conversions").',
    no_date_column: 'In the table below, set the menu above the date column to "date".',
    date_column_taken: 'In the table below, set the menu above the date column to "date".',
  }[e.kind] || null;
}

/** Show `advice` under the load error, if any. */
export function showAdvice(node, e) {
  const advice = pageAdvice(e);
  if (advice) node.append(el('p', { class: 'advice', text: advice }));
}

