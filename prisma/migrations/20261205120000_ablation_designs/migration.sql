-- Ablations defined by steps: how their rows were made (design), the baseline and steps as
-- submitted (definition), and on each cell the row it belongs to. The cells of existing
-- ablations belong to their preset's row.
-- AlterTable
ALTER TABLE "ablations" ADD COLUMN "design" TEXT NOT NULL DEFAULT 'cumulative',
ADD COLUMN "definition" JSONB;

-- AlterTable
ALTER TABLE "experiments" ADD COLUMN "ablation_row" TEXT;

UPDATE "experiments" SET "ablation_row" = "preset" WHERE "ablation_id" IS NOT NULL;
