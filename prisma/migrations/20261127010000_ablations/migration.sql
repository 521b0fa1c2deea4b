-- AlterTable
ALTER TABLE "experiments" ADD COLUMN     "ablation_id" TEXT;

-- CreateTable
CREATE TABLE "ablations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "presets" TEXT[],
    "seeds" INTEGER[],
    "overrides" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "report_built_at" TIMESTAMP(3),
    "report_error" TEXT,
    "report" JSONB,

    CONSTRAINT "ablations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "experiments_ablation_id_idx" ON "experiments"("ablation_id");

-- CreateIndex
CREATE INDEX "ablations_created_at_idx" ON "ablations"("created_at");

-- AddForeignKey
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_ablation_id_fkey" FOREIGN KEY ("ablation_id") REFERENCES "ablations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
