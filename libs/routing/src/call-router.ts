/**
 * Matches waiting calls with available agents. The one seam between the journey and the routing
 * policy: the routing engine replaces the first implementation behind this interface.
 */
export abstract class CallRouter {
  /**
   * Asks for a routing round. In the routing leader, resolves once a round has run that started
   * after the request, so every change committed before the request has been considered. Elsewhere
   * at once: only the leader runs rounds, and the change feed brings it every change that could
   * pair more (docs/decisions/0053).
   */
  abstract requestRound(): Promise<void>;
}
