/**
 * The one text schema every free-text field goes through (issue #8, defect 3): NFC, trimmed, and none of the
 * hostile classes, each refused with a message that names the field in both languages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES, translate, zodLocale } from '../../shared/schemas/messages.ts';
import { TEXT_FIELDS, textSchema, type TextFieldName, type TextProblem } from '../../shared/schemas/text.ts';

const FIELDS = Object.keys(TEXT_FIELDS) as TextFieldName[];

const codePoints = (...ranges: Array<[number, number]>) => fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max })));

/** One arbitrary per hostile class, as code points; TAB, LF and CR are their own class in single-line fields. */
const HOSTILE: Record<Exclude<TextProblem, 'required' | 'tooShort' | 'tooLong' | 'letter' | 'formula'>, fc.Arbitrary<number>> = {
  control: codePoints([0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f], [0x7f, 0x9f]),
  lineBreak: fc.constantFrom(0x09, 0x0a, 0x0d, 0x2028, 0x2029),
  bidi: fc.constantFrom(0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069),
  invisible: fc.constantFrom(0x00ad, 0x034f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2064, 0x3164, 0xfe0f, 0xfeff, 0xe0041),
  surrogate: codePoints([0xd800, 0xdfff]),
  noncharacter: fc.oneof(codePoints([0xfdd0, 0xfdef]), fc.integer({ min: 0, max: 16 }).chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff))),
  privateUse: codePoints([0xe000, 0xf8ff], [0xf0000, 0xffffd], [0x100000, 0x10fffd]),
  replacement: fc.constant(0xfffd),
};

/** A lone surrogate is one UTF-16 unit; String.fromCodePoint would do the same, but says so. */
const char = (cp: number) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp));

/** What no accepted text may still hold (multi-line text keeps TAB and LF; CR becomes LF). */
const HIDDEN = String.raw`\p{Cf}\p{Cs}\p{Co}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}\u2028\u2029\ufffd`;
const LEFT_IN_SINGLE_LINE = new RegExp(`[\\p{Cc}${HIDDEN}]`, 'u');
const LEFT_IN_MULTI_LINE = new RegExp(`[^\\P{Cc}\\t\\n]|[${HIDDEN}]`, 'u');

const problemsOf = (field: TextFieldName, value: unknown, lang: 'id' | 'en' = 'en') => {
  const r = textSchema(field).safeParse(value, { error: zodLocale(lang) });
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

/** Readable text the field accepts, split where the hostile character goes. */
const around = fc.tuple(fc.constantFrom('Siti', 'Jl. Merdeka', 'Bawa KK asli'), fc.constantFrom('Aminah', 'No. 10', 'dan KTP ke kantor'));

describe('textSchema refuses each hostile class, naming the field', () => {
  for (const field of FIELDS) {
    for (const [problem, arbitrary] of Object.entries(HOSTILE) as Array<[TextProblem, fc.Arbitrary<number>]>) {
      // Multi-line fields take TAB, LF and CR; U+2028/2029 are no line break of theirs, so controls there.
      const allowedHere = problem === 'lineBreak' && TEXT_FIELDS[field].multiline;
      it(`${field}: ${problem} (property)`, () => {
        fc.assert(
          fc.property(arbitrary, around, (cp, [before, after]) => {
            if (allowedHere && cp <= 0x0d) {
              expect(problemsOf(field, `${before}${char(cp)}${after}`)).toEqual([]);
              return;
            }
            const expected = allowedHere ? 'control' : problem;
            const key = `text.${expected}.${field}` as const;
            expect(problemsOf(field, `${before}${char(cp)}${after}`)).toContain(key);
            expect(MESSAGES[key].id).toContain(TEXT_FIELDS[field].label.id);
            expect(MESSAGES[key].en).toContain(TEXT_FIELDS[field].label.en);
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('refuses a name made only of zero-width spaces, and any text that is all whitespace', () => {
    expect(problemsOf('fullName', '\u200b\u200b\u200b')).toContain('text.invisible.fullName');
    for (const field of FIELDS) expect(problemsOf(field, ' \u00a0\u3000 ').length, field).toBeGreaterThan(0);
  });

  it('words the problem in the language asked for', () => {
    expect(translate('text.bidi.fullName', 'id')).toMatch(/^Nama lengkap /);
    expect(translate('text.bidi.fullName', 'en')).toMatch(/^The full name /);
    expect(problemsOf('street', 42, 'id')).toEqual(['text.required.street']);
    expect(problemsOf('street', undefined)).toEqual(['text.required.street']);
  });
});

describe('textSchema normalises', () => {
  it('to NFC and without surrounding whitespace', () => {
    expect(textSchema('fullName').parse('  Jose\u0301 Sa\u0301nchez \n')).toBe('José Sánchez');
    expect(textSchema('fullName').parse('\ufeffSiti')).toBe('Siti');
    expect(textSchema('decisionNote').parse('Rumah kosong.\r\nTetangga: pindah.\rKembali bulan depan.')).toBe('Rumah kosong.\nTetangga: pindah.\nKembali bulan depan.');
  });

  it('gives NFC, trimmed text for any text it accepts (property)', () => {
    for (const field of FIELDS) {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (text) => {
          const r = textSchema(field).safeParse(`Ab ${text}`);
          if (!r.success) return;
          expect(r.data).toBe(r.data.normalize('NFC'));
          expect(r.data).toBe(r.data.trim());
          expect(r.data).not.toMatch(TEXT_FIELDS[field].multiline ? LEFT_IN_MULTI_LINE : LEFT_IN_SINGLE_LINE);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('accepts the names and addresses people have', () => {
    for (const name of ["Ni Luh Putu Ayu", "Muhammad 'Ali", 'Ir. H. Joko Widodo', 'Tjoet Nja\u0027 Dhien', 'ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ', 'محمد علي', 'Siti-Aminah Br. Ginting', 'Dewi']) {
      expect(problemsOf('fullName', name), name).toEqual([]);
      expect(problemsOf('accountName', name), name).toEqual([]);
    }
    expect(problemsOf('street', 'Jl. K.H. Hasyim Ashari No. 12A, RT 003/RW 005')).toEqual([]);
    expect(problemsOf('informationRequest', 'Mohon bawa:\n\t1. KK asli\n\t2. KTP')).toEqual([]);
  });
});

describe('names need a letter, and every field its lengths', () => {
  it('refuses names without a letter', () => {
    for (const field of ['fullName', 'accountName'] as const) {
      for (const value of ['1234', '...', '-- --', '٣٤٥']) expect(problemsOf(field, value), `${field} ${value}`).toContain(`text.letter.${field}`);
    }
    expect(problemsOf('street', '12')).toEqual(['text.tooShort.street']);
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    for (const field of FIELDS) {
      const { min, max } = TEXT_FIELDS[field];
      expect(problemsOf(field, 'a'.repeat(max)), field).toEqual([]);
      expect(problemsOf(field, 'a'.repeat(max + 1)), field).toEqual([`text.tooLong.${field}`]);
      if (min > 1) expect(problemsOf(field, 'a'.repeat(min - 1)), field).toEqual([`text.tooShort.${field}`]);
      // Astral letters (U+1D4D0, mathematical bold script) are two UTF-16 units each, one character.
      expect(problemsOf(field, '𝓐'.repeat(max)), field).toEqual([]);
    }
  });
});

describe('names that go into a payment file', () => {
  it('refuse a part a spreadsheet would run as a formula, naming the field, and keep ordinary names', () => {
    for (const field of ['fullName', 'accountName'] as const) {
      for (const name of ['=HYPERLINK("x")', 'Budi;=cmd|\'/C calc\'!A0', 'Siti, +62812', 'Ani|@SUM(A1)']) {
        expect(problemsOf(field, name), `${field}: ${name}`).toEqual([`text.formula.${field}`]);
      }
      for (const name of ['Siti-Aminah', 'A. Rahman; S.H.', "Nur'aini", 'Budi Santoso']) expect(problemsOf(field, name), `${field}: ${name}`).toEqual([]);
    }
    expect(MESSAGES['text.formula.accountName'].id).toMatch(/^Nama pemilik rekening tidak boleh .*rumus/);
    // A street or a note is no cell of the payment file: the same text stays theirs to write.
    expect(problemsOf('street', 'Jl. Merdeka; -10 m dari masjid')).toEqual([]);
  });
});
