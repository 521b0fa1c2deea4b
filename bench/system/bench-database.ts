import {
  AblationRepository,
  createPrismaClient,
  ExperimentRepository,
  migrate,
  redactDatabaseUrl,
} from '@lenet-lab/db';
import { progress } from '../progress';

/** Creates the database if needed and applies the migrations, as `npm run db:migrate` does. */
export async function prepareBenchDatabase(databaseUrl: string): Promise<void> {
  progress(`database: ${redactDatabaseUrl(databaseUrl)} (created and migrated if needed)`);
  await migrate({ databaseUrl, log: (line) => progress(`database: ${line}`) });
}

/** The bench's own rows, once measured: DATABASE_URL may be a database people use. */
export async function deleteBenchRows(
  databaseUrl: string,
  rows: { experimentIds?: string[]; ablationIds?: string[] },
): Promise<void> {
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 1 });
  try {
    const experiments = new ExperimentRepository(prisma);
    for (const id of rows.experimentIds ?? []) await experiments.delete(id);
    const ablations = new AblationRepository(prisma);
    for (const id of rows.ablationIds ?? []) await ablations.delete(id);
  } finally {
    await prisma.$disconnect();
  }
}
