// Jest globalSetup: every run starts from a freshly created and migrated test database, so no
// test depends on rows an earlier run left behind. This drops the database under any other Jest
// run using the same TEST_DATABASE_URL at that moment; give concurrent runs different URLs.
import './lib-paths';
import { dropDatabaseIfExists, migrate } from '../../libs/db/migrations';
import { addSwiftShaderDriver } from '../../libs/training/webgpu/vulkan-loader';
import { testDatabaseUrl } from './database';

export default async function globalSetup(): Promise<void> {
  const url = testDatabaseUrl();
  // A DatabaseUnreachableError's message already says how to start Postgres; let Jest print it.
  await dropDatabaseIfExists(url);
  await migrate({ databaseUrl: url });
  // For child processes and tools the tests start; test files themselves call testDatabaseUrl().
  process.env.TEST_DATABASE_URL = url;
  process.env.DATABASE_URL = url;
  // The Vulkan loader reads its environment from the process itself, and Jest gives each test
  // file a copy of process.env: the webgpu tests in this process find SwiftShader only if it is
  // added here, before any test file runs. Worker processes find it themselves.
  addSwiftShaderDriver(process.env);
}
