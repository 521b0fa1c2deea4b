// Runs `prisma generate` (writes libs/db/generated) on machines without Prisma's schema engine.
// Plain Node on purpose: it runs from `postinstall`, before tsx can be assumed to be installed.
//
//   node tools/prisma-generate.mjs                 # npm run db:generate: a missing CLI is an error
//   node tools/prisma-generate.mjs --postinstall   # a missing CLI (install without dev deps) is a notice
//
// Other arguments are passed on to `prisma generate`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ENGINE_ENV_VAR = 'PRISMA_SCHEMA_ENGINE_BINARY';
const toolsDir = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(toolsDir, '..');
const engineStub = path.join(toolsDir, 'schema-engine-unavailable.sh');
const requireFromProject = createRequire(path.join(projectRoot, 'package.json'));

function say(line) {
  process.stderr.write(`prisma-generate: ${line}\n`);
}

function resolvePackageDir(name) {
  try {
    return path.dirname(requireFromProject.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** An engine binary downloaded by @prisma/engines' own install script, if npm let it run. */
function hasInstalledSchemaEngine() {
  const candidates = ['@prisma/engines', 'prisma'].map(resolvePackageDir).filter(Boolean);
  return candidates.some((dir) =>
    readdirSync(dir).some(
      (name) => name.startsWith('schema-engine') && statSync(path.join(dir, name)).isFile(),
    ),
  );
}

function main(argv) {
  const postinstall = argv.includes('--postinstall');
  const passThrough = argv.filter((arg) => arg !== '--postinstall');

  const prismaDir = resolvePackageDir('prisma');
  if (!prismaDir) {
    say('the prisma CLI (a devDependency) is not installed, so the client was not generated.');
    say('Install with dev dependencies and run `npm run db:generate` to create libs/db/generated.');
    return postinstall ? 0 : 1;
  }

  const env = { ...process.env };
  const configured = env[ENGINE_ENV_VAR];
  if (configured && !existsSync(path.resolve(projectRoot, configured))) {
    say(`${ENGINE_ENV_VAR}=${configured} does not exist; using the stub engine instead.`);
    delete env[ENGINE_ENV_VAR];
  }
  // Without an engine file, `prisma generate` tries to download one and fails offline; generate
  // never runs the engine, so a stub that explains itself is enough.
  if (!env[ENGINE_ENV_VAR] && !hasInstalledSchemaEngine()) {
    env[ENGINE_ENV_VAR] = engineStub;
  }

  const cli = path.join(prismaDir, 'build', 'index.js');
  const result = spawnSync(process.execPath, [cli, 'generate', ...passThrough], {
    cwd: projectRoot,
    env,
    stdio: 'inherit',
  });
  if (result.error) {
    say(`could not start the prisma CLI: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
