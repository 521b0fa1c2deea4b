-- AlterTable
ALTER TABLE "experiments" ADD COLUMN     "queue_prefix" TEXT;
