const WHOLE = 10_000n; // 100 percent in hundredths of a percent

/**
 * Splits 100 percent among rows by their token counts, in hundredths of a
 * percent, by the largest remainder method. Each row gets the floor of its
 * exact share. The hundredths left over go one each to the rows with the
 * largest remainders, earlier rows first on ties. The result adds up to
 * exactly 100, or is all zeros when there are no tokens. Integer
 * arithmetic on bigint keeps large counts exact.
 */
export function sharePercentages(tokenCounts: readonly number[]): number[] {
  const counts = tokenCounts.map((count) => BigInt(count));
  const total = counts.reduce((sum, count) => sum + count, 0n);
  if (total === 0n) return counts.map(() => 0);

  const hundredths = counts.map((count) => (count * WHOLE) / total);
  const remainders = counts.map((count) => (count * WHOLE) % total);
  const assigned = hundredths.reduce((sum, share) => sum + share, 0n);

  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder
        ? a.index - b.index
        : a.remainder > b.remainder
          ? -1
          : 1,
    );
  for (const { index } of byRemainder.slice(0, Number(WHOLE - assigned))) {
    hundredths[index] += 1n;
  }

  return hundredths.map((share) => Number(share) / 100);
}

/** Adds each row's share of the tokens of all rows as `percentage`. */
export function withPercentages<Row extends { tokens: number }>(
  rows: readonly Row[],
): (Row & { percentage: number })[] {
  const percentages = sharePercentages(rows.map((row) => row.tokens));

  return rows.map((row, index) => ({
    ...row,
    percentage: percentages[index],
  }));
}
