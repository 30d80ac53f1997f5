/**
 * The smallest count a public page shows as it is (decision 0042): a count of 1 to 4 reads "fewer
 * than 5", and a share over fewer than 5 answers is not shown, because a small cell can point at
 * the one caller behind it.
 */
export const PUBLIC_MIN_COUNT = 5;

/** A count as a public page may show it: none, fewer than {@link PUBLIC_MIN_COUNT}, or exactly. */
export type PublicCount = { kind: 'none' } | { kind: 'fewer'; than: number } | { kind: 'exact'; count: number };

export function publicCount(count: number): PublicCount {
  if (count <= 0) return { kind: 'none' };
  if (count < PUBLIC_MIN_COUNT) return { kind: 'fewer', than: PUBLIC_MIN_COUNT };
  return { kind: 'exact', count };
}

/** `numerator / denominator`, or null when the denominator is under {@link PUBLIC_MIN_COUNT}. */
export function publicShare(numerator: number, denominator: number): number | null {
  return denominator < PUBLIC_MIN_COUNT ? null : numerator / denominator;
}
