-- CreateTable
CREATE TABLE "trained_models" (
    "experiment_id" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "test_accuracy" DOUBLE PRECISION,
    "topology" JSONB NOT NULL,
    "weight_specs" JSONB NOT NULL,
    "weight_data" BYTEA NOT NULL,
    "latency" JSONB,
    "backend" TEXT,
    "tfjs_version" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trained_models_pkey" PRIMARY KEY ("experiment_id","variant")
);

-- AddForeignKey
ALTER TABLE "trained_models" ADD CONSTRAINT "trained_models_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
