import { Prisma } from './generated/client';

/** Prisma's error codes we translate into our own errors. */
const RECORD_NOT_FOUND = 'P2025';
const FOREIGN_KEY_VIOLATION = 'P2003';

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

export const isRecordNotFound = (error: unknown) => hasCode(error, RECORD_NOT_FOUND);
export const isForeignKeyViolation = (error: unknown) => hasCode(error, FOREIGN_KEY_VIOLATION);
