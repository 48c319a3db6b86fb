/**
 * The end of the measured least-privilege check (docs/LEAST-PRIVILEGE.md): once every test file has run, the commands
 * their handlers sent (test/support/grant-recording.ts) are checked against the synthesized dev template by
 * test/support/check-grants.ts, in a process of its own (a synth holds the event loop for seconds, which would
 * stall vitest's own worker shutdown). A call no grant allows fails the run.
 *
 * A reporter, not a globalSetup teardown: vitest 4.1 only logs a teardown's error (the run still passes) and cuts
 * teardowns at `teardownTimeout` (10 s), less than a synth takes on a busy machine; `onTestRunEnd` runs after the run's
 * exit code is set, so setting it here sticks.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, Vitest } from 'vitest/node';

const CHECK = fileURLToPath(new URL('check-grants.ts', import.meta.url));

export default class GrantReporter implements Reporter {
  private dir = '';

  onInit(vitest: Vitest) {
    this.dir = mkdtempSync(join(tmpdir(), 'jaring-grants-'));
    vitest.provide('grantCallsDir', this.dir);
  }

  /** Each run of a watch session starts empty. */
  onTestRunStart() {
    mkdirSync(this.dir, { recursive: true });
  }

  async onTestRunEnd() {
    if (readdirSync(this.dir).length === 0) return;
    const failed = await new Promise<boolean>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', CHECK, this.dir], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }, (error) => resolve(error !== null));
      child.stdout?.pipe(process.stdout);
      child.stderr?.pipe(process.stderr);
    });
    await rm(this.dir, { recursive: true, force: true });
    if (failed) process.exitCode = 1;
  }
}
