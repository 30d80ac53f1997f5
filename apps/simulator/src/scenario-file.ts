import { demoScenario, parseScenario, ScenarioError, type Scenario } from '@fc/simulation';
import { readFile } from 'node:fs/promises';

/** The scenario in a JSON file, or the 02800 demo day when no file is given. */
export async function loadScenario(path: string | undefined): Promise<Scenario> {
  if (!path) return demoScenario();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(`cannot read the scenario file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`the scenario file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseScenario(json);
}
