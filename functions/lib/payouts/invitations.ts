/**
 * Streams the printable invitations (undangan) of a POS batch: one A5 page per household, with the QR of its pickup
 * code, as the counter scans it. Pages are drawn as the instructions arrive and leave for `out` at once (pdfkit
 * writes each finished page), and the next instruction is pulled only once `out` has taken the bytes (stream
 * backpressure), so memory stays flat whatever the batch size. BANK instructions are skipped.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { create as createQr } from 'qrcode';
import { invitationText, isPosInstruction, type Bilingual, type CollectionWindow, type InvitationText } from '../../../shared/domain/invitation.ts';
import type { PaymentInstruction } from '../../../shared/domain/payment-instruction.ts';
import { fontPath } from './fonts.ts';
import { measuredStream } from './measured.ts';

// Named by their paths: pdfkit caches a font under the name it is asked for, and under a name given with
// registerFont it opens and parses the whole file again at every font change (seconds per hundred pages).
const FONTS = { regular: fontPath('regular'), bold: fontPath('bold') };

export interface InvitationsInput {
  /** The programme's names, as the household knows it. */
  programme: Bilingual;
  window: CollectionWindow;
  instructions: AsyncIterable<PaymentInstruction> | Iterable<PaymentInstruction>;
}

export interface InvitationsSummary {
  /** One per POS household. */
  pages: number;
  bytes: number;
  /** Hex SHA-256 of the bytes written, for the batch's audit trail. */
  sha256: string;
}

/** A run of dark modules in one row of a QR symbol, in modules from its top left corner (quiet zone excluded). */
export interface QrRun {
  x: number;
  y: number;
  width: number;
}

/**
 * The dark modules of the pickup code's QR as horizontal runs: drawn as vector rectangles (sharp at any printer's
 * resolution, and a run is one rectangle instead of one per module). Error correction H: a creased or stained
 * invitation still scans.
 */
export function qrRuns(code: string): { size: number; runs: QrRun[] } {
  const { size, data } = createQr(code, { errorCorrectionLevel: 'H' }).modules;
  const runs: QrRun[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      const start = x;
      while (x + 1 < size && data[y * size + x + 1]) x++;
      runs.push({ x: start, y, width: x - start + 1 });
    }
  }
  return { size, runs };
}

const A5 = { width: 419.53, height: 595.28 };
const MARGIN = 36;
const WIDTH = A5.width - 2 * MARGIN;
const INK = '#111111';
const SOFT = '#555555';
const QR_SIDE = 128;
/** The quiet zone a scanner needs around the symbol, in modules (ISO/IEC 18004). */
const QUIET_MODULES = 4;

type Doc = InstanceType<typeof PDFDocument>;

/** Bahasa Indonesia, then the English beneath it in smaller, softer type. */
function bilingualLines(doc: Doc, text: Bilingual, size: number, font: 'regular' | 'bold' = 'regular') {
  doc.font(FONTS[font]).fontSize(size).fillColor(INK).text(text.id, { width: WIDTH });
  if (text.en !== text.id) doc.font(FONTS.regular).fontSize(size * 0.75).fillColor(SOFT).text(text.en, { width: WIDTH });
}

function drawQr(doc: Doc, code: string, left: number, top: number) {
  const { size, runs } = qrRuns(code);
  const module = QR_SIDE / (size + 2 * QUIET_MODULES);
  const origin = { x: left + QUIET_MODULES * module, y: top + QUIET_MODULES * module };
  for (const run of runs) doc.rect(origin.x + run.x * module, origin.y + run.y * module, run.width * module, module);
  doc.fillColor('#000000').fill();
}

function drawPage(doc: Doc, text: InvitationText, code: string) {
  doc.addPage({ size: 'A5', margin: MARGIN });
  bilingualLines(doc, text.title, 16, 'bold');
  doc.moveDown(0.4);
  bilingualLines(doc, text.programme, 11, 'bold');
  doc.moveDown(0.6);
  doc.font(FONTS.regular).fontSize(8).fillColor(SOFT).text('Kepada / To', { width: WIDTH });
  doc.font(FONTS.bold).fontSize(13).fillColor(INK).text(text.household, { width: WIDTH });
  doc.moveDown(0.4);

  const qrTop = doc.y;
  drawQr(doc, code, MARGIN - QUIET_MODULES, qrTop);
  const codeLeft = MARGIN + QR_SIDE + 8;
  const codeWidth = WIDTH - QR_SIDE - 8;
  doc.font(FONTS.regular).fontSize(8).fillColor(SOFT).text(`${text.pickupCode.label.id} / ${text.pickupCode.label.en}`, codeLeft, qrTop + 40, { width: codeWidth });
  doc.font(FONTS.bold).fontSize(18).fillColor(INK).text(text.pickupCode.display, codeLeft, doc.y + 2, { width: codeWidth, characterSpacing: 1 });
  doc.x = MARGIN;
  doc.y = qrTop + QR_SIDE + 4;

  for (const line of text.lines) {
    doc.font(FONTS.regular).fontSize(8).fillColor(SOFT).text(`${line.label.id} / ${line.label.en}`, { width: WIDTH });
    bilingualLines(doc, line.value, 10.5);
    doc.moveDown(0.35);
  }
  doc.moveDown(0.3);
  bilingualLines(doc, text.warning, 9, 'bold');
}

/** Pages between two resets of pdfkit's layout cache (see forgetLayouts). */
const LAYOUT_CACHE_PAGES = 100;

/**
 * pdfkit caches the glyph layout of every distinct string it draws, for the life of the document: each household's
 * name, code and reference stay, some 10 KB a page. Emptying the cache now and then keeps memory flat while the
 * words every page repeats are still laid out once per run of pages. It reaches into pdfkit's fonts (version pinned;
 * the memory test of the invitations catches a change).
 */
function forgetLayouts(doc: Doc) {
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies;
  for (const font of Object.values(fonts)) if (font.layoutCache) font.layoutCache = Object.create(null) as object;
}

/**
 * Writes the PDF to `out` and ends it. Rejects (and destroys `out`) when the instructions fail: a partial file is
 * never reported as written.
 */
export async function writeInvitations(input: InvitationsInput, out: Writable): Promise<InvitationsSummary> {
  // No page until the first household: pdfkit's automatic first page would be a blank sheet.
  const doc = new PDFDocument({ autoFirstPage: false, font: FONTS.regular, info: { Title: 'Undangan Pengambilan Bantuan', Creator: 'Jaring' } });
  const { stream: measure, measure: measured } = measuredStream();
  const written = pipeline(measure, out);
  // pdfkit pushes what it writes without waiting for a reader; taking it out after every page, here, keeps what is
  // held to one page whatever the pace of the caller's loop, and measure's buffer then tells when to wait.
  const forward = () => {
    for (let chunk: Buffer | null; (chunk = doc.read() as Buffer | null) !== null;) measure.write(chunk);
  };
  let pages = 0;
  try {
    for await (const instruction of input.instructions) {
      if (!isPosInstruction(instruction)) continue;
      drawPage(doc, invitationText(instruction, input.programme, input.window), instruction.pickupCode);
      pages += 1;
      if (pages % LAYOUT_CACHE_PAGES === 0) forgetLayouts(doc);
      forward();
      if (measure.writableNeedDrain) await once(measure, 'drain');
    }
  } catch (error) {
    measure.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  doc.end();
  forward();
  measure.end();
  await written;
  return { pages, ...measured() };
}
