import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const withoutKey = (env: NodeJS.ProcessEnv, key: string) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== key));

export interface RunningApp {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * Starts `local/main.ts` as `npm start` does (one Node process), or another entry that prints the same
 * "running at" line, and waits for the printed URL.
 */
export async function startApp(args: string[], env: Record<string, string> = {}, entry = 'local/main.ts'): Promise<RunningApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    // Not the invocation-scope switch a local stack in this process set: the child's modules would load before its own
    // stack makes the store that switch needs.
    env: { ...withoutKey(process.env, 'AWS_LAMBDA_MAX_CONCURRENCY'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: on a loaded 2-core machine a start (or a restart that rebuilds the indexes) takes tens of seconds. A
    // start that never comes is killed, so no app outlives its test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not start within 120 s:\n${out}`));
    }, 120_000);
    const onData = () => {
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${out}`));
    });
  });
  return { url, child, output: () => out };
}

export function kill(app: RunningApp, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (app.child.exitCode !== null || app.child.signalCode !== null) return resolve();
    app.child.once('exit', () => resolve());
    app.child.kill(signal);
  });
}
