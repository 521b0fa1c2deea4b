-- CreateEnum
CREATE TYPE "experiment_status" AS ENUM ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "experiments" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "preset" TEXT,
    "config" JSONB NOT NULL,
    "config_hash" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" "experiment_status" NOT NULL DEFAULT 'queued',
    "backend" TEXT,
    "device" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "test_accuracy" DOUBLE PRECISION,
    "best_val_accuracy" DOUBLE PRECISION,
    "best_epoch" INTEGER,
    "epochs_run" INTEGER NOT NULL DEFAULT 0,
    "stopped_early" BOOLEAN NOT NULL DEFAULT false,
    "dataset_sha256" JSONB,
    "code_version" TEXT,
    "result" JSONB,

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "epoch_metrics" (
    "id" TEXT NOT NULL,
    "experiment_id" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "train_loss" DOUBLE PRECISION NOT NULL,
    "train_accuracy" DOUBLE PRECISION NOT NULL,
    "val_loss" DOUBLE PRECISION,
    "val_accuracy" DOUBLE PRECISION,
    "test_loss" DOUBLE PRECISION,
    "test_accuracy" DOUBLE PRECISION,
    "learning_rate" DOUBLE PRECISION NOT NULL,
    "epoch_seconds" DOUBLE PRECISION NOT NULL,
    "images_per_second" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "epoch_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "experiments_status_idx" ON "experiments"("status");

-- CreateIndex
CREATE INDEX "experiments_created_at_idx" ON "experiments"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "epoch_metrics_experiment_id_epoch_key" ON "epoch_metrics"("experiment_id", "epoch");

-- AddForeignKey
ALTER TABLE "epoch_metrics" ADD CONSTRAINT "epoch_metrics_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
