-- The attempt (experiments.attempts when it was written) that wrote each epoch row and each
-- checkpoint: a worker's writes are accepted only while its attempt owns the experiment.
-- AlterTable
ALTER TABLE "epoch_metrics" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "checkpoints" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0;
