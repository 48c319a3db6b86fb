import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/*
 * The layers' direction (docs/ARCHITECTURE.md): web -> functions -> shared <- adapters (functions/lib/adapters).
 * `no-restricted-imports` reads the import as written, so the folders are matched in relative paths; `import type`
 * and `export ... from` count as imports too, since a type-only edge still couples the layers.
 */
const outsideFolder = (...folders) => `^\\.\\.?/(.*/)?(${folders.join('|')})/`;
const AWS_PACKAGES = { regex: '^(@aws-sdk/|@aws-lambda-powertools/|aws-cdk-lib(/|$)|aws-lambda$)', message: 'The AWS SDK, CDK and Lambda runtime are for functions/, local/ and infra/.' };

const layers = [
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        // shared/ is the domain and is bundled for the browser (web/build.ts): no Node built-ins either.
        paths: builtinModules.map((name) => ({ name, message: 'shared/ stays browser-safe: no Node built-ins.' })),
        patterns: [
          { regex: outsideFolder('functions', 'local', 'infra', 'web', 'workflows'), message: 'shared/ is the inner layer: functions/, local/, infra/ and web/ depend on it, never the other way.' },
          { regex: '^node:', message: 'shared/ stays browser-safe: no Node built-ins.' },
          AWS_PACKAGES,
        ],
      }],
    },
  },
  {
    files: ['functions/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: outsideFolder('local', 'infra'), message: 'functions/ run on Lambda: the embedded runtime (local/) and CDK (infra/) call them, never the other way.' }],
      }],
    },
  },
  {
    files: ['web/js/**'],
    rules: {
      'no-restricted-imports': ['error', {
        // The gateway and S3 serve web/ as it is: a page reaches only its siblings, and the server's code only as
        // ./shared.js, which web/build.ts bundles from shared/browser.ts.
        patterns: [{ regex: '^(?!\\./[^/]+\\.js$)', message: 'Pages import their sibling scripts only; shared code comes as ./shared.js (shared/browser.ts, built by web/build.ts).' }],
      }],
    },
  },
  {
    files: ['web/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: outsideFolder('functions', 'local', 'infra', 'workflows'), message: 'web/ builds and serves the pages: server code stays out of it.' },
          { regex: '^\\.\\.?/(.*/)?shared/(?!browser\\.ts$)', message: 'web/ takes shared code through shared/browser.ts only.' },
          AWS_PACKAGES,
        ],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  ...layers,
);
