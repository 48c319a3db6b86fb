/** Small DOM helpers (no framework). */

/** Builds elements without innerHTML: `el('p', { class: 'hint' }, 'text', child)`. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An element of the page by id (typed loosely: pages read `.value`, `.hidden` and the like on it). */
export const $ = (id) => /** @type {any} */ (document.getElementById(id));

/** A term and description list of `[term, value]` rows; a row left out is `null`. */
export const facts = (rows) => el('dl', { class: 'facts' }, ...rows.filter(Boolean).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

/** The empty error summary a form's issues go in (form.js fills it). */
export function summaryBox(id) {
  return el('div', { id, class: 'error-summary', tabindex: '-1', role: 'alert', hidden: true }, el('h2', {}), el('ul', {}));
}

/**
 * A labelled textarea the form helpers know (`data-path` is the API's issue path), with its hint (if any) and the
 * place its error goes, both named to screen readers.
 */
export const textareaField = ({ id, path, label, hint, maxlength }) => el('div', { class: 'field', 'data-path': path },
  el('label', { for: id }, label),
  hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
  el('textarea', { id, name: path, maxlength, 'aria-describedby': `${hint ? `${id}-hint ` : ''}${id}-error` }));

/** A table of `rows` (`{ key, cells }`, the key as `data-key`) under its caption and column headers. */
export const table = (attrs, caption, headers, rows) => el('table', attrs,
  el('caption', {}, caption),
  el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
  el('tbody', {}, rows.map(({ key, cells }) => el('tr', { 'data-key': key }, cells.map((c) => el('td', {}, c))))));
