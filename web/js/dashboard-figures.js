/**
 * The report of GET /api/reports/summary as the dashboard's figures: each a table (rows keyed by the codes they
 * count, in words on screen), a summary sentence and, for most, a chart of the same numbers.
 */
import { barChart } from './dashboard-charts.js';
import { figure } from './dashboard-tables.js';
import { el } from './dom.js';
import { formatPeriod, lang, programName, rupiah, t } from './i18n.js';
import { APPLICATION_STATUSES } from './shared.js';

const COLORS = { main: '#0a5c53', light: '#8fc7bd', scheduled: '#6b7573', paid: '#1d6b34', failed: '#b3261e' };

const numbers = () => new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
const count = (n) => numbers().format(n);
const compactRupiah = (n) => new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', notation: 'compact' }).format(n);
const numberCell = (n) => ({ text: count(n), value: n });
const textCell = (text) => ({ text, value: text });

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "kurang dari 1 menit", "35 menit", "5,5 jam", "3 hari": the unit a person would say for that wait. */
export function duration(ms) {
  if (ms === undefined || ms === null) return t('stage.none');
  if (ms < MINUTE) return t('dur.instant');
  const [n, unit] = ms < HOUR ? [Math.round(ms / MINUTE), 'minute'] : ms < 2 * DAY ? [ms / HOUR, 'hour'] : [ms / DAY, 'day'];
  const shown = numbers().format(n);
  return t(`dur.${unit}${shown === '1' ? '' : 's'}`, { n: shown });
}

/** Sums the report's application cells by one of their fields. */
function tally(cells, field) {
  const sums = new Map();
  for (const cell of cells) sums.set(cell[field], (sums.get(cell[field]) ?? 0) + cell.count);
  return sums;
}

/** A figure of applications counted by one thing (status, programme or district), as a one-series chart. */
function countFigure(id, title, column, entries, file) {
  const total = entries.reduce((n, [, value]) => n + value, 0);
  const top = entries.reduce((best, entry) => (entry[1] > (best?.[1] ?? -1) ? entry : best), undefined);
  return {
    spec: {
      id, title, file, chart: true,
      summary: total ? t('sum.counts', { total: count(total), top: top[0].label, n: count(top[1]) }) : '',
      columns: [{ label: column }, { label: t('col.applications'), numeric: true }],
      rows: total ? entries.map(([{ key, label }, value]) => ({ key, cells: [textCell(label), numberCell(value)] })) : [],
    },
    chart: {
      labels: entries.map(([{ label }]) => label), format: count, unit: t('axis.count'), whole: true,
      series: [{ label: t('col.applications'), color: COLORS.main, values: entries.map(([, v]) => v) }],
    },
  };
}

function stageFigure(stageTimes, file) {
  const longest = Math.max(0, ...stageTimes.map((s) => s.p90Ms ?? 0));
  const [unitMs, unit] = longest < MINUTE ? [SECOND, 'axis.seconds'] : longest < HOUR ? [MINUTE, 'axis.minutes'] : longest < 2 * DAY ? [HOUR, 'axis.hours'] : [DAY, 'axis.days'];
  const finished = stageTimes.filter((s) => s.count > 0);
  const slowest = finished.reduce((best, s) => (s.medianMs > (best?.medianMs ?? -1) ? s : best), undefined);
  const inUnits = (ms) => (ms === undefined ? null : ms / unitMs);
  return {
    spec: {
      id: 'dash-stages', title: t('fig.stages'), file, chart: true,
      summary: slowest ? t('sum.stages', { stage: t(`status.${slowest.status}`), median: duration(slowest.medianMs), p90: duration(slowest.p90Ms) }) : t('sum.noStages'),
      columns: [{ label: t('col.stage') }, { label: t('col.finished'), numeric: true }, { label: t('col.median') }, { label: t('col.p90') }],
      rows: stageTimes.map((s) => ({
        key: s.status,
        cells: [textCell(t(`status.${s.status}`)), numberCell(s.count), { text: duration(s.medianMs), value: s.medianMs ?? '' }, { text: duration(s.p90Ms), value: s.p90Ms ?? '' }],
      })),
    },
    chart: {
      labels: stageTimes.map((s) => t(`status.${s.status}`)), unit: t(unit), overlaid: true, format: count, space: 80,
      series: [
        { label: t('series.p90'), color: COLORS.light, values: stageTimes.map((s) => inUnits(s.p90Ms)) },
        { label: t('series.median'), color: COLORS.main, values: stageTimes.map((s) => inUnits(s.medianMs)) },
      ],
    },
  };
}

function moneyFigure(periods, programOf, file) {
  const sum = (part) => periods.reduce((n, p) => n + p[part].amount, 0);
  const label = (p) => `${programName(programOf(p.programId))}, ${formatPeriod(p.period)}`;
  const money = (tallyOf) => [numberCell(tallyOf.count), { text: rupiah(tallyOf.amount), value: tallyOf.amount }];
  return {
    spec: {
      id: 'dash-money', title: t('fig.money'), file, chart: true,
      summary: t('sum.money', { paid: rupiah(sum('paid')), scheduled: rupiah(sum('scheduled')), failed: rupiah(sum('failed')) }),
      columns: [{ label: t('col.program') }, { label: t('col.period') }, ...['scheduled', 'paid', 'failed'].flatMap((part) => [
        { label: t(`col.${part}Count`), numeric: true }, { label: t(`col.${part}Amount`), numeric: true }])],
      rows: periods.map((p) => ({
        key: `${p.programId}|${p.period}`,
        cells: [textCell(programName(programOf(p.programId))), textCell(formatPeriod(p.period)), ...money(p.scheduled), ...money(p.paid), ...money(p.failed)],
      })),
    },
    chart: {
      labels: periods.map(label), unit: 'Rp', format: compactRupiah, space: 110,
      series: ['scheduled', 'paid', 'failed'].map((part) => ({ label: t(`series.${part}`), color: COLORS[part], values: periods.map((p) => p[part].amount) })),
    },
  };
}

/** Quota use needs no chart of its own: each row carries its bar (a meter, which screen readers read as a value). */
function quotaFigure(quotas, programOf, districtOf, file) {
  const full = quotas.filter((q) => q.taken >= q.limit).length;
  const top = quotas.reduce((best, q) => (q.taken / q.limit > (best ? best.taken / best.limit : -1) ? q : best), undefined);
  return {
    spec: {
      id: 'dash-quota', title: t('fig.quota'), file,
      summary: top ? t('sum.quota', { full: count(full), cells: count(quotas.length), top: districtOf(top.districtCode), taken: count(top.taken), limit: count(top.limit) }) : '',
      columns: [{ label: t('col.program') }, { label: t('col.period') }, { label: t('col.district') }, { label: t('col.taken'), numeric: true },
        { label: t('col.limit'), numeric: true }, { label: t('col.use') }],
      rows: quotas.map((q) => {
        const values = { district: districtOf(q.districtCode), taken: count(q.taken), limit: count(q.limit) };
        const bar = el('span', { class: 'quota-use' },
          el('meter', { min: 0, max: q.limit, value: Math.min(q.taken, q.limit), 'aria-label': t('quota.bar', values) }),
          el('span', {}, t('quota.use', values)));
        return {
          key: `${q.programId}|${q.period}|${q.districtCode}`,
          cells: [textCell(programName(programOf(q.programId))), textCell(formatPeriod(q.period)), textCell(values.district), numberCell(q.taken), numberCell(q.limit),
            { text: bar, value: `${Math.round((100 * q.taken) / q.limit)}%` }],
        };
      }),
    },
  };
}

/**
 * The figures of `report` into `holder`, names from `programOf(id)` (a programme of GET /api/programs) and
 * `districtOf(code)`; `file(name)` names a CSV download.
 */
export function renderFigures(holder, report, programOf, districtOf, file) {
  const statuses = tally(report.applications, 'status');
  const byProgram = tally(report.applications, 'programId');
  const byDistrict = tally(report.applications, 'districtCode');
  const figures = [
    countFigure('dash-status', t('fig.status'), t('col.status'),
      APPLICATION_STATUSES.map((s) => [{ key: s, label: t(`status.${s}`) }, statuses.get(s) ?? 0]), file('status')),
    countFigure('dash-program', t('fig.program'), t('col.program'),
      [...byProgram].map(([id, n]) => [{ key: id, label: programName(programOf(id)) }, n]), file('program')),
    countFigure('dash-district', t('fig.district'), t('col.district'),
      [...byDistrict].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => [{ key: code, label: districtOf(code) }, n]), file('kecamatan')),
    stageFigure(report.stageTimes, file('lama-tahap')),
    moneyFigure(report.periods, programOf, file('uang-bantuan')),
    quotaFigure(report.quotas, programOf, districtOf, file('kuota')),
  ];
  holder.replaceChildren();
  for (const { spec, chart } of figures) {
    const { node, chartHolder } = figure(spec);
    holder.append(node);
    if (chart && chartHolder) void barChart(chartHolder, chart);
  }
}
