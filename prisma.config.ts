import { defineConfig } from 'prisma/config';

// Used by the prisma CLI only (generate, studio; migrations go through `npm run db:migrate`).
// The URL has a fallback because `prisma generate` runs at install time, when DATABASE_URL may be
// unset, and does not connect; keep it equal to DEFAULT_DATABASE_URL in libs/db/database-url.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/lenet_lab',
  },
});
