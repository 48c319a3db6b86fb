/**
 * The office dashboard (issue #10): GET /api/reports/summary as charts and tables, for whoever holds report.read. A
 * head of office lands here (`showDashboard`); an officer with work of their own gets a screen switch beside it
 * (`offerDashboard`) and goes back to that work as they left it. An officer of one city sees that city; one who
 * covers more (an admin) chooses the city first, since the report is of one city at a time.
 */
import { failureMessage, programs, regions } from './api.js';
import { clearCharts } from './dashboard-charts.js';
import { renderFigures } from './dashboard-figures.js';
import './dashboard-strings.js';
import { $, el } from './dom.js';
import { formatDateTime, regionName, t } from './i18n.js';
import { screenLifecycle } from './screens.js';

/** @typedef {{ user: { username: string, roles: string[], regions: string[] }, call: (method: string, path: string) => Promise<any> }} DashboardContext */
/** @type {DashboardContext | undefined} */
let ctx;
/** The city shown, its report, when it was read, and the names the figures use. */
let city;
let report;
let readAt;
let programIndex = new Map();
let districtNames = new Map();
let cityName = '';
let request = 0;

const view = () => $('dashboard-view');
const citiesOf = (user) => [...new Set(user.regions.map((r) => r.slice(0, 5)))];

function frame() {
  const chooser = citiesOf(ctx.user).length === 1 ? undefined : cityChooser();
  view().replaceChildren(
    el('h1', { id: 'dashboard-title' }, t('dash.h1')),
    el('p', { class: 'muted' }, t('who', { username: ctx.user.username, roles: ctx.user.roles.map((r) => t(`role.${r}`)).join(', ') })),
    el('p', {}, t('dash.intro')),
    ...(chooser ? [chooser] : []),
    el('div', { class: 'toolbar' },
      el('p', { id: 'dashboard-city', class: 'important' }, city ? t('dash.of', { city: cityName }) : ''),
      el('button', { type: 'button', id: 'dashboard-reload', class: 'button', hidden: !city, onclick: () => void load() }, t('dash.reload'))),
    el('p', { id: 'dashboard-status', role: 'status' }),
    el('div', { id: 'dashboard-figures' }));
  if (chooser) void fillProvinces();
}

// ---- choosing the city (an officer of more than one) --------------------------------------------------------------

/** Areas the officer covers: any, when their regions are empty (admins), else the ones starting with their codes. */
const covers = (code) => ctx.user.regions.length === 0 || citiesOf(ctx.user).some((c) => c.startsWith(code) || code.startsWith(c));

function cityChooser() {
  const form = el('form', { id: 'dashboard-choose', class: 'toolbar', novalidate: true },
    el('div', { class: 'field' },
      el('label', { for: 'dashboard-province' }, t('dash.province')),
      el('select', { id: 'dashboard-province', onchange: () => void fillCities() })),
    el('div', { class: 'field' },
      el('label', { for: 'dashboard-regency' }, t('dash.city')),
      el('select', { id: 'dashboard-regency' })),
    el('button', { type: 'submit', class: 'button primary', id: 'dashboard-show' }, t('dash.show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = $('dashboard-regency').value;
    if (!chosen) return void say(t('dash.pickCity'));
    city = chosen;
    void load();
  });
  return el('section', { class: 'action-box', 'aria-labelledby': 'dashboard-choose-title' }, el('h2', { id: 'dashboard-choose-title' }, t('dash.choose')), form);
}

async function fillSelect(select, parent, selected) {
  const r = await regions(parent);
  if (!r.ok) return void say(t('dash.regionsFailed', { message: failureMessage(r) }));
  select.replaceChildren(el('option', { value: '' }, t('dash.pick')),
    ...r.data.filter((region) => covers(region.code)).map((region) => el('option', { value: region.code, selected: region.code === selected }, regionName(region.name))));
}

async function fillProvinces() {
  await fillSelect($('dashboard-province'), undefined, city?.slice(0, 2));
  if (city) await fillCities();
}

async function fillCities() {
  const province = $('dashboard-province')?.value;
  if (province) await fillSelect($('dashboard-regency'), province, city);
  else $('dashboard-regency')?.replaceChildren();
}

// ---- the report -----------------------------------------------------------------------------------------------

function say(text) {
  const status = $('dashboard-status');
  if (status) status.textContent = text;
}

/** District names of the city, and the city's own name from its province's list. */
async function namesOf(code) {
  const [districts, regencies] = await Promise.all([regions(code), regions(code.slice(0, 2))]);
  districtNames = new Map(districts.ok ? districts.data.map((d) => [d.code, regionName(d.name)]) : []);
  const own = regencies.ok ? regencies.data.find((r) => r.code === code) : undefined;
  cityName = own ? regionName(own.name) : code;
}

async function load() {
  const asked = ++request;
  say(t('dash.loading'));
  clearCharts();
  $('dashboard-figures').replaceChildren();
  const query = citiesOf(ctx.user).length === 1 ? '' : `?regencyCode=${encodeURIComponent(city)}`;
  const [r, list] = await Promise.all([ctx.call('GET', `/api/reports/summary${query}`), programs(), namesOf(city)]);
  if (asked !== request || !ctx) return;
  if (!r.ok) return void say(t('dash.failed', { message: failureMessage(r) }));
  if (list.ok) programIndex = new Map(list.data.map((p) => [p.id, p]));
  report = r.data;
  readAt = new Date().toISOString();
  draw();
}

/** A programme the list no longer has keeps its id as its name, rather than a blank row. */
const programOf = (id) => programIndex.get(id) ?? { name: { id, en: id } };
const districtOf = (code) => districtNames.get(code) ?? code;

function draw() {
  $('dashboard-city').textContent = t('dash.of', { city: cityName });
  $('dashboard-reload').hidden = false;
  say(t('dash.loaded', { time: formatDateTime(readAt) }));
  clearCharts();
  renderFigures($('dashboard-figures'), report, programOf, districtOf, (name) => `dasbor-${name}-${report.regencyCode}.csv`);
}

const screen = screenLifecycle('dashboard', 'dashboard-view', undefined, {
  take,
  start: () => { frame(); if (city) void load(); },
  stop: () => { request++; clearCharts(); },
  redraw: () => { frame(); if (report && report.regencyCode === city) draw(); },
  forget: () => { ctx = undefined; city = undefined; report = undefined; },
});

// ---- hand-over from staff.js ----------------------------------------------------------------------------------

/** The officer's city, when they work in one; otherwise they choose it. @param {DashboardContext} context */
function take(context) {
  ctx = context;
  const own = citiesOf(context.user);
  city = own.length === 1 ? own[0] : undefined;
}

/** @param {DashboardContext} context */
export function showDashboard(context) {
  take(context);
  screen.open();
}

/** The dashboard as a screen of the switch beside the officer's own work (offered to those who read reports). */
export const offerDashboard = screen.offer;

export const hideDashboard = screen.hide;
