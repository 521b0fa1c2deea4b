/**
 * Prisma 7's client turns query arguments into placeholders keyed by JSON.stringify(value), and
 * NaN, Infinity and -Infinity all stringify to "null": within one query they share the first
 * one's placeholder, so { trainLoss: NaN, valLoss: Infinity } would store NaN twice. (Raw queries
 * are worse: a non-finite argument arrives as NULL.) A query is only safe with at most one
 * distinct non-finite value, so writers split the rest into follow-up updates.
 *
 * Returns the fields holding non-finite numbers grouped by value, in first-seen order; a write
 * needs follow-up updates for every group after the first.
 */
export function groupNonFiniteFields<T extends Record<string, number | null>>(
  values: T,
): Partial<T>[] {
  const groups: { value: number; fields: Partial<T> }[] = [];
  for (const [field, value] of Object.entries(values) as [keyof T, number | null][]) {
    if (value === null || Number.isFinite(value)) continue;
    let group = groups.find((candidate) => Object.is(candidate.value, value));
    if (!group) {
      group = { value, fields: {} };
      groups.push(group);
    }
    group.fields[field] = value as T[keyof T];
  }
  return groups.map((group) => group.fields);
}
