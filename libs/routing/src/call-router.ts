/**
 * Matches waiting calls with available agents. The one seam between the journey and the routing
 * policy: the routing engine replaces the first implementation behind this interface.
 */
export abstract class CallRouter {
  /**
   * Asks for a routing round. Resolves once a round of this process has run that started after
   * the request, so every change committed before the request has been considered; or, when
   * another process's round holds the lock, at once: that process runs again for the request
   * after its commit (decision 0049), and this promise does not wait for it.
   */
  abstract requestRound(): Promise<void>;
}
