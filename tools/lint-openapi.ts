// `npm run lint:openapi`: the API's OpenAPI document, as GET /openapi.json serves it, checked by
// Redocly's recommended rules: an outside opinion on whether it is valid and complete.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The document's own file: the library's index would start TensorFlow.js and Prisma for nothing.
import { openApiDocument } from '@lenet-lab/api/openapi-document';

const REDOCLY_CLI = path.join(
  path.dirname(require.resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

function lintOpenApi(): number {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-openapi-'));
  try {
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
    const lint = spawnSync(process.execPath, [REDOCLY_CLI, 'lint', '--extends=recommended', file], {
      stdio: 'inherit',
      // A lint in CI reports nothing home and asks for no upgrade.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    if (lint.error) throw lint.error;
    return lint.status ?? 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

process.exitCode = lintOpenApi();
