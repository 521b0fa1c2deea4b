#!/bin/sh
# Stands in for Prisma's schema engine on machines that cannot download it: `prisma generate`
# only checks that the engine file exists, anything that would really run the engine lands here.
# The Prisma CLI shows only JSON log lines from the engine's stderr, hence the second line.
message='the Prisma schema engine is not available on this machine; use npm run db:migrate to apply prisma/migrations (prisma migrate, db push and migrate diff cannot run here)'
echo "lenet-lab: $message" >&2
printf '{"level":"ERROR","target":"schema_engine::logger","fields":{"message":"%s"}}\n' "$message" >&2
exit 1
