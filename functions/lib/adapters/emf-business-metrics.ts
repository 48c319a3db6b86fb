import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { BUSINESS_METRICS, type Measure, type MetricUnit as Unit } from '../../../shared/domain/business-metrics.ts';
import type { BusinessMetrics } from '../../../shared/ports/business-metrics.ts';

const UNITS: Record<Unit, (typeof MetricUnit)[keyof typeof MetricUnit]> = { Count: MetricUnit.Count, Milliseconds: MetricUnit.Milliseconds, None: MetricUnit.NoUnit };

/**
 * The business metrics as CloudWatch embedded metric format lines (Powertools Metrics), one line per measure, written
 * at once: a measure never waits for the end of an invocation that may not come (a timeout), nor shares a line with a
 * measure of another dimension value.
 */
export class EmfBusinessMetrics implements BusinessMetrics {
  constructor(private readonly metrics: Metrics) {}

  record(measures: readonly Measure[]): void {
    for (const measure of measures) {
      const definition = BUSINESS_METRICS[measure.metric];
      const single = this.metrics.singleMetric();
      if ('dimension' in definition && measure.dimensionValue) single.addDimension(definition.dimension, measure.dimensionValue);
      single.addMetric(measure.metric, UNITS[definition.unit], measure.value);
    }
  }
}
