/**
 * One task's application in the detail panel, as the officer's role may see it (the server masks the rest), with
 * the task's actions under it (staff-decision.js).
 */
import { failureMessage, programs, reasonCatalogue, regions } from './api.js';
import { $, el, facts } from './dom.js';
import { formatDate, formatDateTime, formatPeriod, lang, programName, regionName, rupiah, t } from './i18n.js';
import { BANK_NAMES } from './shared.js';
import { taskActions } from './staff-decision.js';
import { nikField } from './staff-nik.js';
import { signedIn, staffApi } from './staff-session.js';
import { actorName, flagHelp, flagLabel } from './staff-strings.js';

/** The task shown, the application read for it, and what the queue offers around it (staff-queue.js). */
let shown;
let app;
/** @type {{ actions: string[], listChanged: () => Promise<void>, next: () => any, open: (task: any) => void }} */
let queue;

export const shownTask = () => shown;

/** A region's name from its parent's (cached) list; the code if it cannot be loaded. */
async function nameOf(parent, code) {
  const r = await regions(parent);
  const found = r.ok ? r.data.find((x) => x.code === code) : undefined;
  return found ? regionName(found.name) : code;
}

async function addressText(a) {
  const [village, district, regency, province] = await Promise.all([
    nameOf(a.districtCode, a.villageCode), nameOf(a.regencyCode, a.districtCode), nameOf(a.provinceCode, a.regencyCode), nameOf(undefined, a.provinceCode),
  ]);
  return `${a.street}, ${village}, ${district}, ${regency}, ${province}`;
}

/** A reason's label in the page language with its code; the code alone when the catalogue does not list it. */
function reasonText(reasons, code) {
  const reason = reasons.ok ? reasons.data.find((r) => r.code === code) : undefined;
  return reason ? `${reason.label[lang()]} (${code})` : code;
}

/** Opens a task: it counts as shown at once (the queue highlights it), its application follows. */
export async function openTask(task, around) {
  shown = task;
  app = undefined;
  queue = around;
  const detail = $('detail');
  detail.hidden = false;
  detail.replaceChildren(el('p', { role: 'status' }, t('detail.loading')));
  const result = await staffApi('GET', `/api/applications/${encodeURIComponent(task.applicationId)}`);
  if (!signedIn() || shown !== task) return;
  if (!result.ok) {
    detail.replaceChildren(el('p', { class: 'message error', role: 'alert' }, t('detail.failed', { message: failureMessage(result) })));
    return;
  }
  app = result.data;
  await renderDetail();
  detail.focus();
}

export function closeTask() {
  shown = undefined;
  app = undefined;
  $('detail').hidden = true;
  $('detail').replaceChildren();
}

/** Draws the open task again (the page's language changed). */
export function redrawTask() {
  if (app && shown) void renderDetail();
}

async function renderDetail() {
  const task = shown;
  if (!app || !task) return;
  const program = await programs().then((r) => (r.ok ? r.data.find((p) => p.id === app.programId) : undefined));
  const h = app.household;
  const s = app.screening;
  const currentLang = lang();
  const reasons = await reasonCatalogue();
  const payout = app.payout.method === 'BANK'
    ? t('payout.BANK', { ...app.payout, bank: BANK_NAMES[app.payout.bankCode] ?? t('payout.bankCode', app.payout) })
    : t('payout.POS', { district: await nameOf(app.payout.districtCode.slice(0, 5), app.payout.districtCode) });

  const screening = s ? [
    el('h3', {}, t('d.screening')),
    facts([
      [t('d.desil'), s.desil === null || s.desil === undefined ? t('d.desilNone') : String(s.desil)],
      [t('d.priority'), String(s.priority?.score ?? 0)],
    ]),
    el('p', { class: 'important' }, t('d.factors')),
    s.priority?.factors?.length
      ? el('ul', { class: 'factors' }, ...s.priority.factors.map((f) => el('li', {}, `${f.label?.[currentLang] ?? f.label?.id ?? f.factor} `, el('strong', {}, t('d.points', { n: f.points })))))
      : el('p', {}, t('d.noFactors')),
    s.flags?.length ? el('p', { class: 'important' }, t('d.flags')) : null,
    s.flags?.length ? el('ul', { class: 'tags' }, ...s.flags.map((f) => el('li', { class: 'tag flag' }, flagLabel(f.code)))) : null,
    s.flags?.length ? el('ul', {}, ...s.flags.map((f) => el('li', {}, flagHelp(f.code), f.detail ? ` (${f.detail})` : ''))) : null,
  ] : [];

  const parts = [
    el('h2', { id: 'detail-title' }, app.reference),
    facts([
      [t('d.status'), el('span', { class: 'status-badge', 'data-status': app.status }, t(`status.${app.status}`))],
      [t('d.program'), program ? programName(program) : app.programId],
      [t('d.period'), formatPeriod(app.period)],
      [t('d.name'), app.fullName],
      [t('d.nik'), nikField(app, queue.actions)],
      [t('d.kk'), el('span', { class: 'code' }, app.kk)],
      // Officers who may not see identities get the year only (staffView).
      app.birthDate ? [t('d.birthDate'), formatDate(`${app.birthDate}T00:00:00`)] : [t('d.birthYear'), String(app.birthYear)],
      [t('d.gender'), t(`gender.${app.gender}`)],
      [t('d.address'), await addressText(app.address)],
      [t('d.payout'), payout],
    ]),
    el('h3', {}, t('d.household')),
    facts([
      [t('d.members'), String(h.members)],
      [t('d.income'), t('d.incomePer', { total: rupiah(h.monthlyIncome), perMember: rupiah(Math.round(h.monthlyIncome / Math.max(1, h.members))) })],
      [t('d.elderly'), String(h.elderly ?? 0)],
      [t('d.children'), String(h.children ?? 0)],
      [t('d.disabled'), String(h.disabled ?? 0)],
      [t('d.femaleHeaded'), h.femaleHeaded ? t('yes') : t('no')],
    ]),
    ...screening,
    app.reasonCodes?.length ? el('p', {}, `${t('d.reasons')}: `, app.reasonCodes.map((code) => reasonText(reasons, code)).join('; ')) : null,
    app.infoRequest ? el('div', { class: 'info-request' },
      el('h3', {}, t('d.infoRequest')),
      el('blockquote', {}, app.infoRequest.message),
      el('p', { class: 'muted' }, t('d.infoAt', { date: formatDateTime(app.infoRequest.requestedAt) }))) : null,
    el('h3', {}, t('d.timeline')),
    el('ol', { class: 'timeline' }, ...[...app.timeline].reverse().map((e) => el('li', {},
      el('strong', {}, t(`status.${e.status}`)), ` ${t('d.by', { actor: actorName(e.actor) })}`,
      el('time', { datetime: e.at }, formatDateTime(e.at))))),
    ...taskActions(task, reasons, {
      ...queue,
      // The request shows in the application at once, as the applicant now reads it.
      infoRequested: async (infoRequest) => {
        app = { ...app, infoRequest };
        await renderDetail();
      },
    }),
  ];
  $('detail').replaceChildren(...parts.filter(Boolean));
}
