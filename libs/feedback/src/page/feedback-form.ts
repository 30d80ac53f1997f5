import { FEEDBACK_COMMENT_MAX_LENGTH, type SubmitFeedbackRequest } from '@fc/contracts';

/**
 * The answer from the form as a browser without script posts it (url-encoded strings), or null
 * when it is not a score from 1 to 5 with a comment of at most 1000 characters.
 */
export function parseFeedbackForm(form: unknown): SubmitFeedbackRequest | null {
  if (!form || typeof form !== 'object') return null;
  const { score, comment } = form as Record<string, unknown>;
  if (typeof score !== 'string' || !/^[1-5]$/.test(score)) return null;
  if (comment === undefined) return { score: Number(score) };
  if (typeof comment !== 'string') return null;
  // Browsers send a textarea's line breaks as CRLF; the script and the API count them as one.
  const text = comment.replace(/\r\n/g, '\n');
  if (text.length > FEEDBACK_COMMENT_MAX_LENGTH) return null;
  return text.trim() ? { score: Number(score), comment: text } : { score: Number(score) };
}
