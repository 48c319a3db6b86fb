import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Least privilege, measured over every file run (docs/LEAST-PRIVILEGE.md); JARING_RECORD_GRANTS=off runs without it.
const recordGrants = process.env.JARING_RECORD_GRANTS !== 'off';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own stack (dynalite, Step Functions endpoint, gateway) on ephemeral ports;
    // forks keep their environment variables apart.
    pool: 'forks',
    // At least two files at once: vitest's default (cores - 1) runs one at a time on a 2-core machine. Measured there:
    // 12 min 40 s for 1,355 tests (user CPU 18 min), against 14 min for 1,115 one at a time; the suite is mostly CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Lambda runs Node 22+; this machine kind has Node 20, which the AWS SDK warns about at every client.
    // Tests send hundreds of applications from one address; intake-limit.test.ts checks the limit itself.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', JARING_INTAKE_LIMIT_PER_MINUTE: '1000000' },
    setupFiles: recordGrants ? ['test/support/grant-recording.ts'] : [],
    reporters: recordGrants ? ['default', './test/support/grant-reporter.ts'] : ['default'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
