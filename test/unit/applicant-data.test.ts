/**
 * The data and formats the applicant's form reads (through js/shared.js): dates typed day first, the bank list, the
 * programme guides and the stage spans the confirmation names, and the precache list of the service worker.
 */
import { describe, expect, it } from 'vitest';
import { BANK_NAMES, BANKS } from '../../shared/domain/banks.ts';
import { PROGRAM_GUIDES, STAGE_DAYS } from '../../shared/domain/program-guides.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { formatDayMonthYear, parseDayMonthYear } from '../../shared/schemas/formats.ts';
import { APPLICANT_PAGES, buildPageFiles, filesOfPages } from '../../web/build.ts';

describe('the birth date as typed', () => {
  it('reads day, month and year in the ways people write them, and writes them back day first', () => {
    for (const typed of ['17-03-1984', '17/3/1984', '17.03.1984', ' 17 3 1984 ', '17031984']) expect(parseDayMonthYear(typed), typed).toBe('1984-03-17');
    for (const typed of ['1984-03-17', '17-03-84', '3/1984', '', 'tujuh belas']) expect(parseDayMonthYear(typed), typed).toBeUndefined();
    expect(formatDayMonthYear('1984-03-17')).toBe('17-03-1984');
  });
});

describe('the lists of the form', () => {
  it('names every bank once, by a three-digit code, sorted by code, the staff console reading the same names', () => {
    const codes = BANKS.map((b) => b.code);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(BANKS.length).toBeGreaterThan(80);
    expect(BANK_NAMES['002']).toMatch(/BRI/);
  });

  it('has a guide in both languages and the stage spans for every seeded programme', () => {
    for (const program of SEED_PROGRAMS) {
      const guide = PROGRAM_GUIDES[program.id];
      expect(guide, program.id).toBeDefined();
      for (const words of [guide!.forWhom, guide!.gives, ...guide!.documents]) expect(words.id && words.en, program.id).toBeTruthy();
      expect(STAGE_DAYS[program.id]!.verification).toBe(program.deadlines.verification.escalateAfterSeconds / 86_400);
    }
  });
});

describe('the service worker', () => {
  it('precaches every file the applicant pages load, and none of the staff console', () => {
    const files = filesOfPages(APPLICANT_PAGES, buildPageFiles());
    for (const file of ['index.html', 'status.html', 'css/app.css', 'manifest.json', 'icon.svg', 'js/apply.js', 'js/apply-send.js', 'js/status-withdraw.js', 'js/shared.js', 'js/phone-store.js']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /staff|finance|admin|dashboard|uplot/.test(f))).toEqual([]);
  });
});
