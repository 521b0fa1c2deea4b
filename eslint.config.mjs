import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Files a library offers besides its index. Each loads none of its library's heavy
 * dependencies (Prisma, BullMQ, TensorFlow.js, vega, zod), so the CLI, a thin HTTP client that
 * starts in a fraction of a second, and the contract's constants can import them; the tools
 * import the OpenAPI document without starting the API. Any other file inside a library is
 * reached through its index.
 */
const LIGHT_ENTRY_POINTS = [
  '@lenet-lab/ablations/ablation-designs',
  '@lenet-lab/ablations/ablation-progress',
  '@lenet-lab/api/openapi-document',
  '@lenet-lab/contract/constants',
  '@lenet-lab/db/experiment-status',
  '@lenet-lab/db/model-variants',
  '@lenet-lab/idempotency/idempotency-constants',
  '@lenet-lab/local-stack/local-stack-options',
  '@lenet-lab/mnist/types',
  '@lenet-lab/models/model-paths',
  '@lenet-lab/report/ablation-report',
  '@lenet-lab/report/report-format',
  '@lenet-lab/report/render/comparison-table',
  '@lenet-lab/report/render/models-table',
  '@lenet-lab/report/render/rows-metadata',
  '@lenet-lab/training/model-cost',
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const DEEP_IMPORTS = {
  // Any path below a library, unless it is one of the light entry points.
  regex: `^(?!(?:${LIGHT_ENTRY_POINTS.map(escapeRegExp).join('|')})$)@lenet-lab/[^/]+/.+`,
  message:
    "import the library's index (@lenet-lab/<name>); a file it offers on its own belongs in LIGHT_ENTRY_POINTS in eslint.config.mjs",
};

const PRISMA_IMPORTS = {
  group: ['@prisma/*', '**/generated/**'],
  message: 'Prisma stays inside libs/db: use its repositories and the types @lenet-lab/db exports',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'libs/db/generated/**',
      'dist/**',
      'coverage/**',
      // AssemblyScript (typed for asc, not tsc): checked by its own compiler.
      'libs/training/kernels/simd/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Libraries meet through their indexes, and only libs/db and the entry points touch Prisma.
  // Tests and benches may reach inside a library: they check and time its parts.
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORTS, PRISMA_IMPORTS] }] },
  },
  {
    files: ['libs/db/**/*.ts', 'apps/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORTS] }] },
  },
);
