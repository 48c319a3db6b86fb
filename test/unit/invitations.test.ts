/**
 * Printable invitations (issue #9 deliverable 5): one page per POS household, the QR of its pickup code, the wording
 * in both languages, and the file streamed with flat memory.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import jsqr from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { create as createQr } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrRuns, writeInvitations, type InvitationsInput } from '../../functions/lib/payouts/invitations.ts';
import { collectionWindow, formatRupiah, invitationText, type PosInstruction } from '../../shared/domain/invitation.ts';
import type { PaymentInstruction } from '../../shared/domain/payment-instruction.ts';
import { displayPickupCode, newPickupCode } from '../../shared/domain/pickup-code.ts';

function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  return { out, bytes: () => Buffer.concat(chunks), received: () => chunks.length };
}

const common = { batchId: 'b-1', entitlementId: 'e', applicationId: 'a', status: 'SENT', amount: 200_000 } as const;
const pos = (i: number, name = 'Siti Aminah'): PosInstruction => ({
  ...common, method: 'POS', reference: `JPOS${String(i).padStart(12, '0')}`, applicationReference: `JRG-2026-${i}`, name,
  districtCode: '36.71.01', districtName: 'Tangerang', pickupCode: newPickupCode(),
});
const bank = (i: number): PaymentInstruction => ({
  ...common, method: 'BANK', reference: `JBNK${String(i).padStart(12, '0')}`, applicationReference: `JRG-2026-B${i}`, districtCode: '36.71.01',
  bankCode: '002', accountNumber: '1234567890', accountName: 'Budi Santoso',
});

const programme = { id: 'Bantuan Sembako', en: 'Food aid (sembako)' };
const window = collectionWindow('2026-07-06', 14);
const input = (instructions: InvitationsInput['instructions']): InvitationsInput => ({ programme, window, instructions });
// jsqr is CommonJS that names its function `default`.
const jsQR = jsqr.default;
const pageCount = async (pdf: Buffer) => (await PDFDocument.load(pdf)).getPageCount();

/** The runs as a bitmap of modules, as a printer would lay them. */
function modulesOf(size: number, runs: ReturnType<typeof qrRuns>['runs']): boolean[] {
  const dark = new Array<boolean>(size * size).fill(false);
  for (const run of runs) for (let x = run.x; x < run.x + run.width; x++) dark[run.y * size + x] = true;
  return dark;
}

describe('invitation wording', () => {
  it('says what, where, when and what to bring in Bahasa Indonesia with English beneath, amounts as id-ID rupiah', () => {
    expect(formatRupiah(200_000)).toBe('Rp 200.000');
    expect(formatRupiah(1_250_000)).toBe('Rp 1.250.000');
    expect(window).toEqual({ opensOn: '2026-07-06', closesOn: '2026-07-19' });
    expect(collectionWindow('2026-12-25', 14).closesOn).toBe('2027-01-07');
    const household = pos(1, "Nur'aini Siregar");
    const text = invitationText(household, programme, window);
    expect(text.title).toEqual({ id: 'Undangan Pengambilan Bantuan', en: 'Invitation to collect your aid' });
    expect(text.household).toBe("Nur'aini Siregar");
    expect(text.pickupCode.display).toBe(displayPickupCode(household.pickupCode));
    const value = (label: string) => text.lines.find((l) => l.label.en === label)?.value;
    expect(value('Application reference')?.id).toBe('JRG-2026-1');
    expect(value('Amount')).toEqual({ id: 'Rp 200.000', en: 'Rp 200.000' });
    expect(value('Where')?.id).toBe('Kantor Pos di Kecamatan Tangerang');
    expect(value('When')).toEqual({
      id: 'Senin, 6 Juli 2026 sampai Minggu, 19 Juli 2026, pada jam buka kantor pos',
      en: "Monday, 6 July 2026 to Sunday, 19 July 2026, during the post office's opening hours",
    });
    expect(value('What to bring')?.id).toMatch(/^KTP asli dan Kartu Keluarga \(KK\)/);
    expect(text.warning.id).toMatch(/hanya berlaku satu kali.*tidak akan pernah meminta kode ini lewat telepon/);
    expect(text.warning.en).toMatch(/works only once.*Nobody from the post office.*by phone/);
  });
});

describe('the QR of a pickup code', () => {
  it('draws exactly the modules of the code\'s QR symbol, and a scanner reads the code back from them', () => {
    for (let n = 0; n < 20; n++) {
      const code = newPickupCode();
      const { size, runs } = qrRuns(code);
      const symbol = createQr(code, { errorCorrectionLevel: 'H' }).modules;
      expect(size).toBe(symbol.size);
      expect(modulesOf(size, runs)).toEqual(Array.from(symbol.data, Boolean));

      // Printed at 4 pixels a module inside the 4-module quiet zone, and scanned.
      const scale = 4;
      const side = (size + 8) * scale;
      const dark = modulesOf(size, runs);
      const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const mx = Math.floor(x / scale) - 4;
          const my = Math.floor(y / scale) - 4;
          if (mx >= 0 && my >= 0 && mx < size && my < size && dark[my * size + mx]) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
        }
      }
      expect(jsQR(pixels, side, side)?.data).toBe(code);
    }
  });
});

describe('writing the invitations of a batch', () => {
  it('writes a PDF with one page per POS household and none for BANK items, and reports its size and SHA-256', async () => {
    const names = ["Nur'aini binti Abdul Rahman", 'Ni Luh Putu Ayu Kadek Sri Wahyuni Dewi Anak Agung Gede Ngurah Made Wayan Ketut Nyoman Putra Wijaya', 'Ḥasan Çelik Šťastný Ünal', "O'Neil D'Souza"];
    const instructions = [bank(1), ...names.map((name, i) => pos(i, name)), bank(2), pos(9)];
    const { out, bytes } = sink();
    const summary = await writeInvitations(input(instructions), out);
    const pdf = bytes();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(summary).toEqual({ pages: names.length + 1, bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(await pageCount(pdf)).toBe(names.length + 1);
  });

  it('writes no page for a batch of BANK items only', async () => {
    const { out, bytes } = sink();
    expect((await writeInvitations(input([bank(1), bank(2)]), out)).pages).toBe(0);
    expect(await pageCount(bytes())).toBe(0);
  });

  it('sends its first bytes before the instructions are exhausted', async () => {
    const { out, received } = sink();
    let receivedBeforeLast = 0;
    async function* instructions() {
      for (let i = 0; i < 40; i++) {
        await tick(); // as a page read from the store would
        if (i === 39) receivedBeforeLast = received();
        yield pos(i);
      }
    }
    expect((await writeInvitations(input(instructions()), out)).pages).toBe(40);
    expect(receivedBeforeLast).toBeGreaterThan(0);
  });

  it('rejects, and ends the output in an error, when reading the instructions fails', async () => {
    const { out } = sink();
    async function* failing() {
      yield pos(1);
      throw new Error('the store is unavailable');
    }
    await expect(writeInvitations(input(failing()), out)).rejects.toThrow('the store is unavailable');
    expect(out.destroyed).toBe(true);
  });

  it('draws 3,000 households with the memory in use growing by a few MB at most, not by the file', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = () => {
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    const households = 3_000;
    // Growth from the start (fonts and code loaded included), and from the 250th page on, once they are.
    let peak = 0;
    let warm = 0;
    let afterWarmUp = 0;
    gc();
    const before = used();
    async function* instructions() {
      for (let i = 0; i < households; i++) {
        if (i % 250 === 0) {
          gc();
          peak = Math.max(peak, used() - before);
          if (i === 250) afterWarmUp = used();
          if (i > 250) warm = Math.max(warm, used() - afterWarmUp);
        }
        yield pos(i, `Penerima Bantuan ${i}`);
      }
    }
    let bytes = 0;
    const out = new Writable({ highWaterMark: 64 * 1024, write(chunk: Buffer, _e, done) { bytes += chunk.length; setImmediate(done); } });
    const summary = await writeInvitations(input(instructions()), out);
    expect(summary).toMatchObject({ pages: households, bytes });
    const mb = (n: number) => (n / 1e6).toFixed(1);
    console.log(`invitations: ${households} pages, ${mb(bytes)} MB written; memory in use grew at most ${mb(peak)} MB, ${mb(warm)} MB after the first 250 pages`);
    // The file is about 8.5 MB. What stays per page is the PDF's page tree and cross-reference table (under 1 KB).
    expect(warm).toBeLessThan(bytes / 2);
    expect(peak).toBeLessThan(24e6);
  });
});
