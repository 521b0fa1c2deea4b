// Jest runs globalSetup outside its module registry, where moduleNameMapper does not apply: this
// maps `@lenet-lab/<lib>` to libs/<lib> for Node's own resolver there, as tsconfig's paths do
// for tsc and tsx.
import Module from 'node:module';
import path from 'node:path';

const LIBS = path.resolve(__dirname, '../../libs');
const PREFIX = '@lenet-lab/';

type Resolve = (request: string, ...rest: unknown[]) => string;
const withResolver = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = withResolver._resolveFilename;
withResolver._resolveFilename = function (request, ...rest) {
  const mapped = request.startsWith(PREFIX)
    ? path.join(LIBS, request.slice(PREFIX.length))
    : request;
  return resolveFilename.call(this, mapped, ...rest);
};
