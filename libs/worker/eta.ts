/** Seconds left, assuming the rest goes at the pace so far; undefined until there is a pace. */
export function estimateSecondsLeft(
  elapsedSeconds: number,
  fractionDone: number,
): number | undefined {
  if (fractionDone <= 0 || fractionDone > 1 || elapsedSeconds <= 0) return undefined;
  return (elapsedSeconds * (1 - fractionDone)) / fractionDone;
}
