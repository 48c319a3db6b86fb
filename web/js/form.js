/**
 * Field errors the same way on every page: each field sits in an element with `data-path` (the API's issue
 * path, e.g. `address.villageCode`), holding a label or legend, a `.field-error` paragraph and its control.
 * Messages appear next to the field and, as links to it, in a summary at the top that takes the focus.
 */
import { el } from './dom.js';
import { t } from './i18n.js';

/** The field for an issue path, or the nearest enclosing one (`payout.bankCode` -> `payout`). */
function fieldFor(form, path) {
  const parts = path ? path.split('.') : [];
  while (parts.length) {
    const field = form.querySelector(`[data-path="${CSS.escape(parts.join('.'))}"]`);
    if (field && !field.closest('[hidden]')) return field;
    parts.pop();
  }
  return undefined;
}

const controlOf = (field) => field.querySelector('input:not([type=hidden]), select, textarea');

/** The field's label for the summary: a short one named by `data-label-key`, or its label without "(optional)". */
const labelOf = (field) => {
  if (field.dataset.labelKey) return t(field.dataset.labelKey);
  const label = field.querySelector('label, legend');
  if (!label) return '';
  const copy = label.cloneNode(true);
  for (const note of copy.querySelectorAll('.optional')) note.remove();
  return copy.textContent.replace(/\s+/g, ' ').trim();
};

export function clearErrors(form, summary) {
  for (const field of form.querySelectorAll('.field.has-error')) field.classList.remove('has-error');
  for (const p of form.querySelectorAll('.field-error')) {
    p.textContent = '';
    p.hidden = true;
  }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  if (summary) {
    summary.hidden = true;
    summary.querySelector('ul')?.replaceChildren();
  }
}

/**
 * Shows `issues` ([{path, message}]) next to their fields and in `summary`; `message` (optional) heads the
 * summary. Focuses the summary so a screen reader reads it and the page scrolls to it.
 */
export function showIssues(form, summary, issues, heading) {
  clearErrors(form, summary);
  const items = [];
  for (const issue of issues) {
    const field = fieldFor(form, issue.path ?? '');
    if (!field) {
      items.push(el('li', {}, issue.message));
      continue;
    }
    const error = field.querySelector('.field-error');
    if (error) {
      error.hidden = false;
      error.textContent = error.textContent ? `${error.textContent} ${issue.message}` : issue.message;
    }
    field.classList.add('has-error');
    const control = controlOf(field);
    if (control) control.setAttribute('aria-invalid', 'true');
    const label = labelOf(field);
    const link = el('a', { href: control ? `#${control.id}` : '#' }, label ? `${label}: ${issue.message}` : issue.message);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      control?.focus();
      field.scrollIntoView({ block: 'center' });
    });
    items.push(el('li', {}, link));
  }
  showSummary(summary, heading ?? t('form.fix', { n: issues.length }), items);
}

/** A summary with just a message (a refusal that names no field, a network failure). */
export function showMessage(form, summary, heading, message) {
  clearErrors(form, summary);
  showSummary(summary, heading, message ? [el('li', {}, message)] : []);
}

function showSummary(summary, heading, items) {
  summary.querySelector('h2').textContent = heading;
  summary.querySelector('ul').replaceChildren(...items);
  summary.hidden = false;
  summary.focus();
  summary.scrollIntoView({ block: 'start' });
}

/** Adds a client-side issue if `bad`; returns the list for chaining. */
export const check = (issues, bad, path, message) => {
  if (bad) issues.push({ path, message });
  return issues;
};
