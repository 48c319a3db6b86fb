/**
 * One dashboard figure: a heading, a sentence that sums it up, the chart (if any), and the same numbers as a real
 * table, with a CSV download of that table built in the browser.
 */
import { el } from './dom.js';
import { t } from './i18n.js';

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab or carriage return) as a formula, so such a cell is
 * written with a leading apostrophe (shown as text); a cell with a quote, comma or line break is quoted.
 */
export function csvCell(value) {
  const text = String(value ?? '');
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvOf = (lines) => lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';

function download(name, text) {
  // The byte order mark tells spreadsheet programs the file is UTF-8 (names with accents, "μ").
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * @param {{ id: string, title: string, summary: string, columns: { label: string, numeric?: boolean }[],
 *   rows: { key: string, cells: { text: string | Node, value: string | number }[] }[], chart?: boolean, file: string }} spec
 *   A cell shows `text` and goes into the CSV as `value` (whole numbers unformatted, so a spreadsheet can add them).
 * @returns {{ node: HTMLElement, chartHolder: HTMLElement | undefined }}
 */
export function figure({ id, title, summary, columns, rows, chart = false, file }) {
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  // Not a landmark of its own: the table's scroll region below is the one, under the same name.
  const section = el('section', { class: 'dash-figure', id }, el('h2', { id: titleId }, title));
  if (!rows.length) {
    section.append(el('p', { class: 'muted' }, t('dash.empty')));
    return { node: section, chartHolder: undefined };
  }
  let chartHolder;
  if (chart) {
    chartHolder = el('div', { class: 'chart', 'aria-hidden': 'true' });
    section.append(el('figure', { class: 'dash-chart', 'aria-labelledby': summaryId }, chartHolder,
      el('figcaption', { id: summaryId }, summary, ' ', el('span', { class: 'muted' }, t('dash.chartNote')))));
  } else {
    section.append(el('p', { id: summaryId }, summary));
  }
  const table = el('table', { id: `${id}-table`, class: 'figures', 'aria-describedby': summaryId },
    el('caption', {}, title),
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)))),
    el('tbody', {}, rows.map((row) => el('tr', { 'data-key': row.key }, row.cells.map((cell, i) => {
      const numeric = columns[i]?.numeric;
      return i === 0 ? el('th', { scope: 'row' }, cell.text) : el('td', { class: numeric ? 'num' : undefined }, cell.text);
    })))));
  const lines = [columns.map((c) => c.label), ...rows.map((row) => row.cells.map((cell) => cell.value))];
  section.append(
    // A wide table scrolls on a phone; the region can take focus so a keyboard can scroll it too.
    el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': titleId }, table),
    el('p', {}, el('button', {
      type: 'button', class: 'button small', id: `${id}-csv`, 'aria-describedby': titleId,
      onclick: () => download(file, csvOf(lines)),
    }, t('dash.csv'))));
  return { node: section, chartHolder };
}
