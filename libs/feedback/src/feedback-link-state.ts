/** Where a feedback link stands when a citizen opens or submits it. */
export const FeedbackLinkState = {
  Open: 'open',
  /** Not one of our tokens at all (cut short, mistyped). */
  Malformed: 'malformed',
  Unknown: 'unknown',
  Used: 'used',
  Expired: 'expired',
} as const;
export type FeedbackLinkState = (typeof FeedbackLinkState)[keyof typeof FeedbackLinkState];
export type ClosedFeedbackLinkState = Exclude<FeedbackLinkState, typeof FeedbackLinkState.Open>;

/** The HTTP status each closed link answers with, on the page and in the API alike. */
export const STATUS_OF_LINK_STATE: { readonly [S in ClosedFeedbackLinkState]: number } = {
  [FeedbackLinkState.Malformed]: 400,
  [FeedbackLinkState.Unknown]: 404,
  [FeedbackLinkState.Used]: 409,
  [FeedbackLinkState.Expired]: 410,
};

/**
 * Where a single-use link found by its token stands at `now`: none found, used (answered), past its
 * expiry, or open. The feedback links and the leader conversation's invitations follow this rule.
 */
export function linkStateOf(link: { used: boolean; expiresAt: Date } | null, now: Date): FeedbackLinkState {
  if (!link) return FeedbackLinkState.Unknown;
  if (link.used) return FeedbackLinkState.Used;
  if (link.expiresAt.getTime() <= now.getTime()) return FeedbackLinkState.Expired;
  return FeedbackLinkState.Open;
}
