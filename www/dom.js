// Small DOM helpers shared by the page's steps. Everything user-derived (column names, category
// values, channel names, messages) goes in as text: `el` sets `text` with textContent and appends
// strings as text nodes, so nothing here ever parses markup.

export const $ = (id) => document.getElementById(id);

export function show(node, yes = true) { node.hidden = !yes; }

/** An element with attributes (`class`, `text` or any attribute) and children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** Show an error from the core in `node` (its message, then the row and column it names). */
export function setError(node, e) {
  if (!e) { node.textContent = ''; show(node, false); return; }
  const where = e.row || e.column ? `\n(${[e.row ? `row ${e.row}` : '', e.column ? `column '${e.column}'` : ''].filter(Boolean).join(', ')})` : '';
  node.textContent = `${e.message}${where}`;
  show(node, true);
}

export function status(text) { $('status').textContent = text; }

/** A table from a header and rows; a header is text or a node, a cell text or `{ text, cls }`. */
export function renderTable(table, head, rows) {
  const thead = el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h))));
  const tbody = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v) => (typeof v === 'object' && v !== null ? el('td', { class: v.cls, text: v.text }) : el('td', { text: v }))))));
  table.replaceChildren(thead, tbody);
}
