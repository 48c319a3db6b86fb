/**
 * The NIK in the application's detail: masked, and for officers who may read it (`application.readNik`) a button
 * that fetches the full one. Each reveal is an audit event on the server, so the officer is told so before and
 * after; the full NIK is kept only in the page until the detail is drawn again.
 */
import { failureMessage } from './api.js';
import { el } from './dom.js';
import { formatDateTime, t } from './i18n.js';
import { staffApi } from './staff-session.js';

export function nikField(app, actions) {
  const value = el('span', { class: 'code', id: 'nik-value' }, app.nik);
  if (!actions.includes('application.readNik')) return value;
  const note = el('p', { class: 'hint', id: 'nik-note', 'aria-live': 'polite' }, t('nik.hint'));
  const button = el('button', { type: 'button', class: 'button small', id: 'reveal-nik', 'aria-describedby': 'nik-note' }, t('nik.reveal'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    const r = await staffApi('GET', `/api/applications/${encodeURIComponent(app.applicationId)}/nik`);
    if (!r.ok) {
      button.disabled = false;
      note.textContent = t('nik.failed', { message: failureMessage(r) });
      return;
    }
    value.textContent = r.data.nik;
    note.textContent = t('nik.recorded', { time: formatDateTime(new Date().toISOString()) });
    button.remove();
    value.focus();
  });
  value.setAttribute('tabindex', '-1');
  return el('span', {}, value, ' ', button, note);
}
