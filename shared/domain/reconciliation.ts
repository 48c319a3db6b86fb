/**
 * What a result file changes (issue #9): pure, browser-safe. Each row either settles an instruction that awaits its
 * result (`toApply`), repeats the settlement already recorded (`unchanged`: uploading a file again, or two partial
 * files that overlap, changes nothing), or is an exception finance must look at and resolve. Nothing is applied
 * silently: a row is applied only when the instruction is of this batch, awaits a result, the amount (when the file
 * gives one) is the instruction's, and no other row of the file speaks of the same reference.
 */
import { isApplicationReference } from './application.ts';
import type { ReconciliationRow, SettlementResult } from './reconciliation-row.ts';
import { bilingual } from './bilingual.ts';

/** The recorded result of an instruction. */
export interface Settlement {
  result: SettlementResult;
  bankRef?: string;
}

/** What classification needs to know of the instruction a reference names. */
export interface InstructionForReconciliation {
  batchId: string;
  /** Whole rupiah, as frozen in the batch. */
  amount: number;
  /** Undefined while the instruction awaits its result. */
  settlement?: Settlement;
}

export const EXCEPTION_KINDS = ['UNKNOWN_REFERENCE', 'DUPLICATE_ROW', 'OTHER_BATCH', 'AMOUNT_MISMATCH', 'CONFLICTS_WITH_SETTLED', 'REVERSAL'] as const;
/**
 * UNKNOWN_REFERENCE: no instruction has this reference. DUPLICATE_ROW: the reference appears on more than one row of
 * the file. OTHER_BATCH: the instruction belongs to another batch. AMOUNT_MISMATCH: the file's amount is not the
 * instruction's. CONFLICTS_WITH_SETTLED: the instruction was already settled with another result or bank reference.
 * REVERSAL: a PAID instruction now reported FAILED, money the bank took back: recorded as a reversal, and the
 * entitlement returns to the pool only by a finance officer's decision.
 */
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** What each kind means and what finance does about it, for the exceptions list. */
export const EXCEPTION_KIND_LABELS: Readonly<Record<ExceptionKind, { id: string; en: string }>> = {
  UNKNOWN_REFERENCE: {
    id: 'Referensi tidak dikenal: tidak ada pembayaran kumpulan ini dengan referensi atau nomor permohonan itu. Periksa salah ketik dengan bank; tidak ada yang dibayarkan dari baris ini.',
    en: 'Unknown reference: no payment of this batch has that reference or application reference. Check for a typo with the bank; nothing was settled from this row.',
  },
  DUPLICATE_ROW: {
    id: 'Baris ganda: referensi yang sama muncul lebih dari sekali dalam berkas. Bila isinya sama, baris pertama dipakai; bila berbeda, tidak ada yang diterapkan sampai bank memastikan hasilnya.',
    en: 'Duplicate row: the same reference appears more than once in the file. When the rows agree the first is used; when they differ none is applied until the bank confirms the result.',
  },
  OTHER_BATCH: {
    id: 'Milik kumpulan lain: pembayaran ini tercatat di kumpulan pembayaran lain. Unggah baris ini ke kumpulan yang benar.',
    en: 'Another batch: this payment belongs to another payout batch. Upload the row to that batch.',
  },
  AMOUNT_MISMATCH: {
    id: 'Nominal berbeda: jumlah di berkas bank tidak sama dengan jumlah yang dikirim. Pembayaran belum dicatat; cocokkan dengan bank.',
    en: 'Amount mismatch: the amount in the bank\'s file is not the amount sent. The payment was not recorded; check with the bank.',
  },
  CONFLICTS_WITH_SETTLED: {
    id: 'Bertentangan dengan hasil tercatat: pembayaran ini sudah punya hasil lain dari bank. Hasil yang tercatat tetap berlaku; pastikan dengan bank mana yang benar.',
    en: 'Conflicts with the recorded result: this payment already has another result from the bank. The recorded result stands; confirm with the bank which is right.',
  },
  REVERSAL: {
    id: 'Dibatalkan bank: pembayaran yang sudah tercatat PAID dikembalikan bank. Hak bantuan menunggu; kembalikan ke antrean agar dibayar di kumpulan berikutnya bila memang masih berhak.',
    en: 'Reversed by the bank: a payment recorded PAID came back from the bank. The entitlement waits; return it to the pool to pay it in the next batch if it is still owed.',
  },
};

export interface ReconciliationException {
  line: number;
  reference: string;
  kind: ExceptionKind;
  /** For the finance officer: Bahasa Indonesia / English. */
  detail: string;
  /**
   * The same for the same row content and kind, whatever the file or line: an exceptions list keyed by it records
   * a row uploaded twice once.
   */
  key: string;
}

export interface ReconciliationOutcome {
  /** Settlements to record, one per instruction at most. */
  toApply: ReconciliationRow[];
  /** Rows equal to the settlement already recorded. */
  unchanged: ReconciliationRow[];
  exceptions: ReconciliationException[];
}

const rowContent = (row: ReconciliationRow) => [row.reference, row.result, row.bankRef ?? '', row.amount ?? '', row.reason ?? ''].join('|');
const sameSettlement = (row: ReconciliationRow, settled: Settlement) => row.result === settled.result && (row.bankRef ?? '') === (settled.bankRef ?? '');

function exception(row: ReconciliationRow, kind: ExceptionKind, detail: string): ReconciliationException {
  return { line: row.line, reference: row.reference, kind, detail, key: `${kind}|${rowContent(row)}` };
}

/** The exception a row gives against its instruction, if any (`'unchanged'` when it repeats the settlement). */
function judge(batchId: string, row: ReconciliationRow, instruction: InstructionForReconciliation | undefined): ReconciliationException | 'unchanged' | undefined {
  if (!instruction && isApplicationReference(row.reference)) {
    return exception(row, 'UNKNOWN_REFERENCE', bilingual(`permohonan ${row.reference} tidak punya pembayaran di kumpulan ini`, `application ${row.reference} has no payment in this batch`));
  }
  if (!instruction) return exception(row, 'UNKNOWN_REFERENCE', bilingual(`tidak ada instruksi pembayaran dengan referensi ${row.reference}`, `no payment instruction has reference ${row.reference}`));
  if (instruction.batchId !== batchId) {
    return exception(row, 'OTHER_BATCH', bilingual(`referensi ${row.reference} milik batch lain (${instruction.batchId})`, `reference ${row.reference} belongs to another batch (${instruction.batchId})`));
  }
  if (row.amount !== undefined && row.amount !== instruction.amount) {
    return exception(row, 'AMOUNT_MISMATCH', bilingual(`nominal di berkas Rp${row.amount}, instruksi Rp${instruction.amount}`, `the file says Rp${row.amount}, the instruction Rp${instruction.amount}`));
  }
  const settled = instruction.settlement;
  if (!settled) return undefined;
  if (sameSettlement(row, settled)) return 'unchanged';
  if (settled.result === 'PAID' && row.result === 'FAILED') {
    return exception(row, 'REVERSAL', bilingual(`sudah tercatat PAID (${settled.bankRef ?? '-'}), kini dilaporkan FAILED: pembayaran dibatalkan bank`, `already recorded PAID (${settled.bankRef ?? '-'}), now reported FAILED: the bank reversed the payment`));
  }
  return exception(row, 'CONFLICTS_WITH_SETTLED', bilingual(
    `sudah tercatat ${settled.result} (${settled.bankRef ?? '-'}), berkas menyebut ${row.result} (${row.bankRef ?? '-'})`,
    `already recorded ${settled.result} (${settled.bankRef ?? '-'}), the file says ${row.result} (${row.bankRef ?? '-'})`,
  ));
}

/**
 * Sorts a parsed result file of `batchId` into settlements to apply, repeats and exceptions. `lookup` answers for a
 * reference from instructions read beforehand (the caller reads each distinct reference once).
 *
 * Rows of one reference: when they all say the same thing, the first is judged like any row and the others are
 * DUPLICATE_ROW exceptions; when they disagree, none is applied and every one is a DUPLICATE_ROW exception, since the
 * file does not say which is true.
 */
export function classifyReconciliation(
  batchId: string,
  rows: readonly ReconciliationRow[],
  lookup: (reference: string) => InstructionForReconciliation | undefined,
): ReconciliationOutcome {
  const byReference = new Map<string, ReconciliationRow[]>();
  for (const row of rows) {
    const same = byReference.get(row.reference);
    if (same) same.push(row);
    else byReference.set(row.reference, [row]);
  }
  const outcome: ReconciliationOutcome = { toApply: [], unchanged: [], exceptions: [] };
  for (const [reference, group] of byReference) {
    const [first, ...others] = group as [ReconciliationRow, ...ReconciliationRow[]];
    const agree = others.every((row) => rowContent(row) === rowContent(first));
    const lines = group.map((row) => row.line).join(', ');
    for (const row of agree ? others : group) {
      outcome.exceptions.push(exception(row, 'DUPLICATE_ROW', agree
        ? bilingual(`referensi ${reference} muncul lagi (baris ${lines}); baris ${first.line} yang dipakai`, `reference ${reference} appears again (lines ${lines}); line ${first.line} is the one used`)
        : bilingual(`referensi ${reference} muncul di baris ${lines} dengan isi berbeda; tidak ada yang diterapkan`, `reference ${reference} is on lines ${lines} with different contents; none is applied`)));
    }
    if (!agree) continue;
    const verdict = judge(batchId, first, lookup(reference));
    if (verdict === 'unchanged') outcome.unchanged.push(first);
    else if (verdict) outcome.exceptions.push(verdict);
    else outcome.toApply.push(first);
  }
  outcome.exceptions.sort((a, b) => a.line - b.line);
  return outcome;
}
