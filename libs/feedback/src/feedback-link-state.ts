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
