/** `work`'s answer, or a rejection if it has none within `timeoutMs`: a health check must answer even when a store hangs. */
export function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
}
