import type { Measure } from '../domain/business-metrics.ts';

/**
 * Where the use-cases count what happened (shared/domain/business-metrics.ts). Recording never fails the work it
 * measures, and is at least once: a step run again after a crash may count its measures again.
 */
export interface BusinessMetrics {
  record(measures: readonly Measure[]): void;
}
