/**
 * aws-local-stepfunctions runs Map states inline only: it ignores `ProcessorConfig.Mode: DISTRIBUTED` and
 * `ItemBatcher`, so each child would get one item instead of the `{Items, BatchInput}` AWS hands it. This rewrites each
 * Distributed Map, before the library sees it, into its inline equivalent:
 *   - a Pass state under the map's name that groups the items as ItemBatcher's `MaxItemsPerBatch` does
 *     (`States.ArrayPartition`, in order), at `$.__itemBatches`;
 *   - then the map, inline, over those groups, each child given `{Items: <group>, BatchInput: <BatchInput>}`.
 * MaxConcurrency is capped at LOCAL_MAX_CONCURRENCY: on AWS every child is its own Lambda, locally all share one
 * process and one store, where forty at once only make each slower (the results are the same at any concurrency).
 * ToleratedFailurePercentage / ToleratedFailureCount must be 0 (an inline map fails on the first failed child, which
 * is what 0 means); item readers and result writers (S3) are refused at load rather than run differently.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const LOCAL_MAX_CONCURRENCY = 4;

/** Where the grouped items wait in the map's input. */
export const ITEM_BATCHES_PATH = '$.__itemBatches';

function inlineMap(name: string, state: Json, where: string): Record<string, Json> {
  const { ItemBatcher, ToleratedFailurePercentage, ToleratedFailureCount, Label, ...rest } = state;
  void Label;
  for (const field of ['ItemReader', 'ResultWriter', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath']) {
    if (field in state) throw new Error(`${where}: Map "${name}" uses ${field}, which the local endpoint does not run`);
  }
  if ((ToleratedFailurePercentage ?? 0) !== 0 || (ToleratedFailureCount ?? 0) !== 0) {
    throw new Error(`${where}: Map "${name}" tolerates failures; locally every child must succeed`);
  }
  const processor = { ...(state.ItemProcessor as Json), ProcessorConfig: { Mode: 'INLINE' } };
  const concurrency = Math.min(typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : LOCAL_MAX_CONCURRENCY, LOCAL_MAX_CONCURRENCY);
  if (ItemBatcher === undefined) return { [name]: { ...rest, MaxConcurrency: concurrency, ItemProcessor: processor } };
  if (!isObject(ItemBatcher) || typeof ItemBatcher.MaxItemsPerBatch !== 'number' || typeof state.ItemsPath !== 'string') {
    throw new Error(`${where}: Map "${name}" needs ItemsPath and a literal ItemBatcher.MaxItemsPerBatch to run locally`);
  }
  const inline = `${name}.Inline`;
  return {
    [name]: {
      Type: 'Pass',
      Comment: `Local stand-in for ${name}'s ItemBatcher: its items in groups of ${ItemBatcher.MaxItemsPerBatch}.`,
      Parameters: { 'groups.$': `States.ArrayPartition(${state.ItemsPath}, ${ItemBatcher.MaxItemsPerBatch})` },
      ResultPath: ITEM_BATCHES_PATH,
      Next: inline,
    },
    [inline]: {
      ...rest,
      MaxConcurrency: concurrency,
      ItemsPath: `${ITEM_BATCHES_PATH}.groups`,
      ItemSelector: { 'Items.$': '$$.Map.Item.Value', ...(ItemBatcher.BatchInput !== undefined ? { BatchInput: ItemBatcher.BatchInput } : {}) },
      ItemProcessor: processor,
    },
  };
}

/** The machine with every Distributed Map (at any depth) replaced by its inline equivalent. */
export function inlineDistributedMaps(machine: Json, where: string): Json {
  if (!isObject(machine.States)) return machine;
  const states: Record<string, Json> = {};
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObject(state)) {
      states[name] = state as Json;
      continue;
    }
    const processor = state.ItemProcessor;
    const nested = state.Type === 'Map' && isObject(processor) ? { ...state, ItemProcessor: inlineDistributedMaps(processor, where) } : state;
    const config = isObject(processor) ? processor.ProcessorConfig : undefined;
    Object.assign(states, isObject(config) && config.Mode === 'DISTRIBUTED' ? inlineMap(name, nested, where) : { [name]: nested });
  }
  return { ...machine, States: states };
}
