/** Names the domain gives its states: nothing else may be written into a statement's text. */
const STATE_NAME = /^[a-z][a-z_]*$/;

/**
 * A fixed set of the domain's states as an SQL list, `('offered', 'connected')`, to write into a
 * statement's text rather than pass as a parameter. PostgreSQL can then match a partial index on
 * those states (the one-active-call index, the queued calls' index), in the generic plan of a
 * prepared statement too; with `state = ANY($1)` it cannot, and reads every row of the key
 * instead, a number that grows with the call history.
 */
export function stateList(states: readonly string[]): string {
  for (const state of states) if (!STATE_NAME.test(state)) throw new Error(`not a state name: ${JSON.stringify(state)}`);
  return `(${states.map((state) => `'${state}'`).join(', ')})`;
}
