/**
 * Matches waiting calls with available agents. The one seam between the journey and the routing
 * policy: the routing engine replaces the first implementation behind this interface.
 */
export abstract class CallRouter {
  /**
   * Asks for a routing round. Resolves once a round has run that started after the request,
   * so every change committed before the request has been considered.
   */
  abstract requestRound(): Promise<void>;
}
