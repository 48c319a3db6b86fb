import { Engine } from 'json-rules-engine';
import type { EligibilityRule } from '../domain/programs.ts';
import type { ScreeningFacts } from './facts.ts';

export interface EligibilityResult {
  outcome: 'PASS' | 'REJECT';
  /** One code per rule that rejected, in the programme's rule order. */
  reasonCodes: string[];
}

/** Engines are built once per rule set (rules are data and rarely change). */
const engines = new WeakMap<readonly EligibilityRule[], Engine>();

function engineFor(rules: readonly EligibilityRule[]): Engine {
  let engine = engines.get(rules);
  if (!engine) {
    engine = new Engine(
      rules.map((rule, i) => ({
        name: rule.reasonCode,
        priority: rules.length - i, // evaluation order = rule order, so reason codes come out in that order
        conditions: rule.rejectWhen,
        event: { type: 'reject', params: { reasonCode: rule.reasonCode } },
      })),
      { allowUndefinedFacts: false },
    );
    engines.set(rules, engine);
  }
  return engine;
}

/** Evaluates a programme's rules; each rule that holds rejects with its reason code. */
export async function evaluateEligibility(rules: readonly EligibilityRule[], facts: ScreeningFacts): Promise<EligibilityResult> {
  if (rules.length === 0) return { outcome: 'PASS', reasonCodes: [] };
  const { events } = await engineFor(rules).run({ ...facts });
  const fired = new Set(events.map((e) => String(e.params?.reasonCode)));
  const reasonCodes = rules.map((r) => r.reasonCode).filter((code) => fired.has(code));
  return { outcome: reasonCodes.length ? 'REJECT' : 'PASS', reasonCodes: [...new Set(reasonCodes)] };
}
