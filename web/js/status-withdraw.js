/**
 * Withdrawing an application from the status page (POST /api/applications/withdraw {reference, nik}), before a
 * final decision, with the same reference and NIK pair the status check was answered for: the page asks once more
 * before sending. 200: withdrawn; 404: the same "not found" as the status check; 409: already decided.
 */
import { api, failureMessage } from './api.js';
import { $ } from './dom.js';
import { t } from './i18n.js';

const FINAL = ['APPROVED', 'REJECTED', 'WITHDRAWN'];

/** Shows the button for an application that can still be withdrawn; the pair stays in memory only. */
export function offerWithdraw(status) {
  $('withdraw').hidden = FINAL.includes(status);
  $('withdraw-confirm').hidden = true;
  $('withdraw-start').hidden = false;
}

/** Wires the buttons: `pair()` is the checked reference and NIK, `after(message)` shows the outcome (a new check). */
export function initWithdraw(pair, after) {
  $('withdraw-start').addEventListener('click', () => {
    $('withdraw-start').hidden = true;
    $('withdraw-confirm').hidden = false;
    $('withdraw-message').textContent = '';
    $('withdraw-no').focus();
  });
  $('withdraw-no').addEventListener('click', () => {
    offerWithdraw('');
    $('withdraw-start').focus();
  });
  $('withdraw-yes').addEventListener('click', async () => {
    const body = pair();
    if (!body) return;
    const yes = $('withdraw-yes');
    yes.disabled = true;
    yes.textContent = t('w.sending');
    try {
      const response = await api('POST', '/api/applications/withdraw', { body });
      if (response.ok) after(t('w.done'));
      else if (response.status === 404) after(`${t('notFound.title')}. ${t('notFound.text')}`);
      else if (response.status === 409) after(t('w.decided'));
      else $('withdraw-message').textContent = `${t('w.failed')} ${failureMessage(response)}`;
    } finally {
      yes.disabled = false;
      yes.textContent = t('w.yes');
    }
  });
}
