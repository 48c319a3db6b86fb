/**
 * The one schema of free text (names, street, account name, staff notes and messages): whatever a person typed
 * is stored in NFC, trimmed, and without characters that hide, reorder or garble what others read of it on a
 * screen, a printed list or a payment file. Each problem is refused with a message naming the field
 * (messages.ts words them from TEXT_FIELDS' labels).
 */
import * as z from 'zod';
import { hasFormulaPart } from '../domain/payment-file.ts';

interface TextFieldSpec {
  /** How the messages name the field, at the start of a sentence. */
  label: { id: string; en: string };
  /** In characters (code points), after trimming. */
  min: number;
  max: number;
  /** Notes and messages to the applicant keep TAB and line breaks; every other field is one line. */
  multiline: boolean;
  /** A name must hold at least one letter (of any script). */
  letter: boolean;
  /**
   * Goes into a payment file (the holder's or the recipient's name): it may hold no part a spreadsheet would run as a
   * formula, so it never reaches a batch that the file's writer would then refuse (payment-file.ts).
   */
  inPaymentFile?: true;
}

export const TEXT_FIELDS = {
  fullName: { label: { id: 'Nama lengkap', en: 'The full name' }, min: 2, max: 100, multiline: false, letter: true, inPaymentFile: true },
  street: { label: { id: 'Alamat jalan', en: 'The street address' }, min: 3, max: 200, multiline: false, letter: false },
  accountName: { label: { id: 'Nama pemilik rekening', en: 'The account holder name' }, min: 2, max: 100, multiline: false, letter: true, inPaymentFile: true },
  decisionNote: { label: { id: 'Catatan keputusan', en: 'The decision note' }, min: 1, max: 1000, multiline: true, letter: false },
  batchReason: { label: { id: 'Alasan penolakan atau pembatalan kumpulan pembayaran', en: 'The reason for rejecting or cancelling the payout batch' }, min: 5, max: 500, multiline: true, letter: true },
  enrolmentReason: { label: { id: 'Alasan perubahan kepesertaan', en: 'The reason for the enrolment change' }, min: 5, max: 500, multiline: true, letter: true },
  exceptionNote: { label: { id: 'Catatan penyelesaian', en: 'The resolution note' }, min: 5, max: 1000, multiline: true, letter: true },
  returnReason: { label: { id: 'Alasan pengembalian ke antrean', en: 'The reason for returning it to the pool' }, min: 5, max: 500, multiline: true, letter: true },
  informationRequest: { label: { id: 'Pesan permintaan informasi', en: 'The information request message' }, min: 5, max: 500, multiline: true, letter: false },
  programNote: { label: { id: 'Alasan perubahan program', en: 'The reason for the programme change' }, min: 5, max: 500, multiline: true, letter: true },
} as const satisfies Record<string, TextFieldSpec>;

export type TextFieldName = keyof typeof TEXT_FIELDS;

/** Marks, embeddings, overrides and isolates that reorder text on screen (they are format characters too). */
const BIDI_CONTROLS = String.raw`\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069`;

/**
 * The classes of hostile characters, each reported once. Bidi controls are format characters too, but they can
 * make a name read as another, which deserves its own words: `invisible` leaves them out.
 */
const CLASSES = {
  /** What invalid UTF-8 becomes once decoded: the text was garbled on its way here. */
  replacement: /\uFFFD/u,
  /** Half of a UTF-16 pair (only an escape in JSON can send one): no character at all. */
  surrogate: /\p{Cs}/u,
  bidi: new RegExp(`[${BIDI_CONTROLS}]`, 'u'),
  lineBreak: /[\t\n\r\u2028\u2029]/u,
  /** C0 and C1 controls (NUL, BEL, ESC, DEL, U+0085...), apart from the line breaks above. */
  control: /[^\P{Cc}\t\n\r]/u,
  /** Zero-width spaces and joiners, the BOM, soft hyphens, variation selectors, tags, Hangul fillers. */
  invisible: new RegExp(`(?![${BIDI_CONTROLS}])[\\p{Cf}\\p{Default_Ignorable_Code_Point}]`, 'u'),
  noncharacter: /\p{Noncharacter_Code_Point}/u,
  privateUse: /\p{Co}/u,
} as const;

/** U+2028/2029 are no line break of a multi-line field's (only LF is): there they count as controls. */
const MULTI_LINE_CONTROL = /[^\P{Cc}\t\n\r]|[\u2028\u2029]/u;

export type TextProblem = keyof typeof CLASSES | 'required' | 'tooShort' | 'tooLong' | 'letter' | 'formula';
export const TEXT_PROBLEMS = ['required', 'tooShort', 'tooLong', 'letter', 'formula', ...(Object.keys(CLASSES) as Array<keyof typeof CLASSES>)] as const satisfies readonly TextProblem[];

/** The messages' keys of this schema's problems, one for each problem and field (messages.ts words them). */
export type TextMessageKey = `text.${TextProblem}.${TextFieldName}`;

const key = (problem: TextProblem, field: TextFieldName): TextMessageKey => `text.${problem}.${field}`;

/** The problems of an already normalised text, each once. */
function problemsOf(text: string, spec: TextFieldSpec): TextProblem[] {
  const found: TextProblem[] = [];
  for (const [problem, pattern] of Object.entries(CLASSES) as Array<[keyof typeof CLASSES, RegExp]>) {
    if (spec.multiline && problem === 'lineBreak') continue;
    const hit = spec.multiline && problem === 'control' ? MULTI_LINE_CONTROL.test(text) : pattern.test(text);
    if (hit) found.push(problem);
  }
  const length = [...text].length;
  if (length < spec.min) found.push('tooShort');
  if (length > spec.max) found.push('tooLong');
  if (spec.letter && length >= spec.min && !/\p{L}/u.test(text)) found.push('letter');
  if (spec.inPaymentFile && hasFormulaPart(text)) found.push('formula');
  return found;
}

/**
 * A free-text field: NFC, trimmed (multi-line text with LF line ends, so a lone CR cannot overwrite a line in a
 * log or terminal), then refused for each hostile class, length or a name without a letter.
 */
export function textSchema(field: TextFieldName) {
  const spec: TextFieldSpec = TEXT_FIELDS[field];
  return z
    .string({ error: key('required', field) })
    .normalize('NFC')
    .trim()
    .overwrite((text) => (spec.multiline ? text.replace(/\r\n?/g, '\n') : text))
    .superRefine((text, ctx) => {
      for (const problem of problemsOf(text, spec)) ctx.addIssue({ code: 'custom', message: key(problem, field) });
    })
    // The refinement is invisible to z.toJSONSchema: the API description states the rule itself (JSON Schema
    // counts lengths in code points, as problemsOf does).
    .meta({
      minLength: spec.min,
      maxLength: spec.max,
      description: `Stored in NFC, trimmed; ${spec.multiline ? 'TAB and line breaks allowed' : 'one line'}; no control, bidi, zero-width or other invisible, private-use, noncharacter or U+FFFD characters${spec.letter ? '; at least one letter' : ''}.`,
    });
}
