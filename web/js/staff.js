/**
 * The staff console: an officer logs in (staff-session.js) and lands on the screens the server says their roles
 * allow (GET /api/me's actions, from the policy table): the payout pages (finance.js) to whoever may read payout
 * batches, else the task queues they may list (staff-queue.js), else the office dashboard (dashboard.js) to whoever
 * may read reports, else a note that the account has no work here yet. An officer with work of their own who may read
 * reports gets the dashboard as a second screen; one who may manage staff accounts or programmes (an admin) gets
 * those screens too (admin-staff.js, admin-programs.js, admin-outbox.js).
 */
import { hidePrograms, offerPrograms } from './admin-programs.js';
import { hideStaffAccounts, offerStaffAccounts } from './admin-staff.js';
import { hideOutbox, offerOutbox } from './admin-outbox.js';
import { failureMessage } from './api.js';
import { hideDashboard, offerDashboard, showDashboard } from './dashboard.js';
import { $ } from './dom.js';
import { hideFinance, showFinance } from './finance.js';
import { initI18n, onLangChange, t } from './i18n.js';
import { hideScreens } from './screens.js';
import './staff-strings.js';
import { closeQueues, queuesFor, redrawQueues, showQueues } from './staff-queue.js';
import { logout, signedIn, staffApi, startSession, token } from './staff-session.js';

initI18n($('lang'));

/** @type {{ username: string, roles: string[], regions: string[], actions: string[] } | undefined} */
let me;
/** Why the officer sees no screen, as a string key and its values (drawn again when the language changes). */
let note;

function renderWho() {
  const roles = me.roles.map((r) => t(`role.${r}`)).join(', ');
  $('who').textContent = t('who', { username: me.username, roles });
}

function renderNote() {
  $('work-note').hidden = !note;
  $('work-note').textContent = note ? t(note.key, note.values) : '';
}

/** The work view without screens: only the words saying why. */
function noScreens(key, values) {
  note = { key, values };
  $('work-view').hidden = false;
  $('queue-toolbar').hidden = true;
  renderNote();
}

async function land() {
  const r = await staffApi('GET', '/api/me');
  if (!signedIn()) return; // the token was refused: back at the login form
  if (!r.ok) return noScreens('land.failed', { message: failureMessage(r) });
  me = r.data;
  const reports = me.actions.includes('report.read');
  const dashboard = { user: me, call: staffApi };
  /** The screens offered beside the officer's own work (each module checks its own action). */
  const offerBeside = (workId) => {
    if (reports) offerDashboard(dashboard, workId);
    offerStaffAccounts(dashboard, workId);
    offerPrograms(dashboard, workId);
    offerOutbox(dashboard, workId);
  };
  if (me.actions.includes('payout.read')) {
    offerBeside('finance-view');
    return void showFinance({ user: me, call: staffApi, token, expired: () => logout(t('login.expired')) });
  }
  renderWho();
  $('who').hidden = false;
  const queues = queuesFor(me.actions);
  if (!queues.length) return reports ? void showDashboard(dashboard) : noScreens('land.nothing');
  offerBeside('work-view');
  $('work-view').hidden = false;
  await showQueues(me, queues);
}

function leave() {
  me = undefined;
  note = undefined;
  hideFinance();
  hideDashboard();
  hideStaffAccounts();
  hidePrograms();
  hideOutbox();
  hideScreens();
  closeQueues();
  $('work-view').hidden = true;
  $('who').hidden = true;
  renderNote();
}

onLangChange(() => {
  if (me) renderWho();
  renderNote();
  redrawQueues();
});

startSession({ land, leave });
