/**
 * The local endpoint runs each Distributed Map as an inline map over the groups AWS's ItemBatcher would make
 * (local/stepfunctions/distributed-map.ts). This runs the rewritten machine in aws-local-stepfunctions and checks each
 * child gets exactly what a Distributed Map child gets on AWS: `{Items: <up to MaxItemsPerBatch items, in order>,
 * BatchInput}`, every item once; and that what it cannot run the same way is refused at load.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineDistributedMaps } from '../../local/stepfunctions/distributed-map.ts';
import { StateMachine, type StateMachineDefinition } from '../../local/stepfunctions/library.ts';

const machine = (map: Record<string, unknown> = {}) => ({
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map', ItemsPath: '$.pages', MaxConcurrency: 4, ToleratedFailurePercentage: 0,
      ItemBatcher: { MaxItemsPerBatch: 3, BatchInput: { 'batchId.$': '$.batchId' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Child', States: { Child: { Type: 'Pass', End: true } } },
      ResultPath: '$.children', Next: 'Done',
      ...map,
    },
    Done: { Type: 'Pass', End: true },
  },
});

/** What AWS's ItemBatcher hands each child: the items in order, MaxItemsPerBatch to a batch, with the batch input. */
const awsBatches = (pages: number[], size: number, batchId: string) =>
  Array.from({ length: Math.ceil(pages.length / size) }, (_, i) => ({ Items: pages.slice(i * size, i * size + size), BatchInput: { batchId } }));

describe('a Distributed Map on the local endpoint', () => {
  it('gives every child what ItemBatcher gives it on AWS, every item exactly once, in order', async () => {
    // Built once: the library validates a definition when it is constructed, which takes a while.
    const built = new StateMachine(inlineDistributedMaps(machine(), 'test') as unknown as StateMachineDefinition);
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 0, maxLength: 40 }), fc.uuid(), async (pages, batchId) => {
      const output = (await built.run({ batchId, pages }).result) as { children: unknown[] };
      expect(output.children).toEqual(awsBatches(pages, 3, batchId));
    }), { numRuns: 40 });
  });

  it('refuses at load what it would run differently: item readers, result writers, tolerated failures', () => {
    expect(() => inlineDistributedMaps(machine({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject' } }), 'f.json')).toThrow(/ItemReader/);
    expect(() => inlineDistributedMaps(machine({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' } }), 'f.json')).toThrow(/ResultWriter/);
    expect(() => inlineDistributedMaps(machine({ ToleratedFailurePercentage: 5 }), 'f.json')).toThrow(/tolerates failures/);
    expect(() => inlineDistributedMaps(machine({ ItemBatcher: { MaxItemsPerBatchPath: '$.n' } }), 'f.json')).toThrow(/MaxItemsPerBatch/);
  });

  it('leaves inline maps as they are', () => {
    const inline = machine({ ItemBatcher: undefined, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Child', States: { Child: { Type: 'Pass', End: true } } } });
    expect(inlineDistributedMaps(inline, 'f.json')).toEqual(inline);
  });
});
