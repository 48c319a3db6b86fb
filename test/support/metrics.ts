import type { BusinessMetricName, Measure } from '../../shared/domain/business-metrics.ts';
import type { BusinessMetrics } from '../../shared/ports/business-metrics.ts';

/** A BusinessMetrics that keeps what it is given, for tests that check what a use-case counts. */
export function recordingMetrics(): BusinessMetrics & { measures: Measure[]; of: (metric: BusinessMetricName) => Measure[] } {
  const measures: Measure[] = [];
  return {
    measures,
    record: (given) => void measures.push(...given),
    of: (metric) => measures.filter((m) => m.metric === metric),
  };
}
