/**
 * Matches waiting calls with available agents. The one seam between the journey and the routing
 * policy: the routing engine replaces the first implementation behind this interface.
 */
export abstract class CallRouter {
  /**
   * Asks for a routing round. In the process that leads routing, resolves once a round has run
   * that started after the request, so every change committed before the request has been
   * considered; elsewhere at once (the leader hears of the change from the database).
   */
  abstract requestRound(): Promise<void>;
}
