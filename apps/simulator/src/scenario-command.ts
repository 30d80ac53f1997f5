import { demoScenario } from '@fc/simulation';

/** Prints the 02800 demo scenario, the starting point for a scenario file of one's own. */
export async function runScenario(): Promise<number> {
  process.stdout.write(`${JSON.stringify(demoScenario(), null, 2)}\n`);
  return 0;
}
