/**
 * The bench's store in a process of its own (bench/payout.ts), so that the pipeline's memory is measured apart from
 * dynalite's (its LevelDB grows with every write), as DynamoDB lives outside the functions' memory on AWS.
 *   child:  node --import tsx bench/store-process.ts <data dir>   (started by `startStoreProcess`)
 * The child counts the calls it receives by operation, leaving out those marked as the bench's own (PROBE_HEADER),
 * and answers the parent's questions over the IPC channel: its call counts (then reset) and its memory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startDynamo } from '../local/dynamo.ts';
import { PROBE_HEADER } from './probe.ts';

export interface StoreMemory {
  rssMb: number;
  /** The kernel's maximum RSS of the store process so far. */
  maxRssMb: number;
}

type Question = { id: number; ask: 'calls' | 'memory' | 'close' };
type Answer = { id: number; calls?: Record<string, number>; memory?: StoreMemory };

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const memory = (): StoreMemory => ({ rssMb: mb(process.memoryUsage.rss()), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });

export interface StoreProcess {
  url: string;
  /** The calls received since the last time this was asked, by operation (`DynamoDB_20120810.PutItem`, ...). */
  takeCalls(): Promise<Map<string, number>>;
  memory(): Promise<StoreMemory>;
  close(): Promise<void>;
}

/** Starts the store on disk under `path` in a child process and waits for its address. */
export async function startStoreProcess(path: string): Promise<StoreProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [path], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`The store process exited with ${code} before it listened`)));
  });
  let next = 0;
  const waiting = new Map<number, (answer: Answer) => void>();
  child.on('message', (m) => {
    const answer = m as Answer;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  const ask = (question: Question['ask']) => new Promise<Answer>((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    child.send({ id, ask: question } satisfies Question);
  });
  return {
    url,
    takeCalls: async () => new Map(Object.entries((await ask('calls')).calls ?? {})),
    memory: async () => (await ask('memory')).memory!,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('close');
      await exited;
    },
  };
}

// --- The child ---------------------------------------------------------------------------------------------------

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const send = (message: Answer | { url: string }) => process.send!(message);
  let calls: Record<string, number> = {};
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    const target = request.headers['x-amz-target'];
    if (request.headers[PROBE_HEADER] || typeof target !== 'string') return;
    calls[target] = (calls[target] ?? 0) + 1;
  });
  const store = await startDynamo({ path: process.argv[2] });
  process.on('message', async (m) => {
    const { id, ask } = m as Question;
    if (ask === 'calls') {
      send({ id, calls });
      calls = {};
    } else if (ask === 'memory') {
      send({ id, memory: memory() });
    } else {
      await store.close();
      send({ id });
      process.disconnect();
    }
  });
  send({ url: store.url });
}
