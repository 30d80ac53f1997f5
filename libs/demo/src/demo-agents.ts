import { seededRandom } from '@fc/domain';
import { DEMO_TOPICS } from './demo-topics.js';

export interface DemoAgent {
  username: string;
  displayName: string;
  team: string;
  /** skill key → proficiency */
  skills: Record<string, number>;
}

const FIRST = ['Ingrid', 'Ola', 'Kari', 'Mohammed', 'Nora', 'Emil', 'Sara', 'Jonas', 'Aisha', 'Magnus', 'Maja', 'Henrik', 'Olivia', 'Filip', 'Ida', 'Lukas', 'Emma', 'Ahmed', 'Sofie', 'Kristian'];
const LAST = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Kowalski',
  'Berg',
  'Haugen',
  'Hagen',
  'Ali',
  'Bakken',
  'Dahl',
  'Lie',
  'Nowak',
  'Moen',
  'Strand',
  'Eide',
  'Solberg',
];

/**
 * agent01…agent40: everyone speaks Norwegian, most English, a few Polish, Arabic, Somali or
 * Ukrainian. Each covers two to five topics at mixed proficiency; a handful are generalists who
 * can take simple questions on anything. Every topic keeps at least three agents at proficiency ≥ 4.
 */
export function demoAgents(count = 40): DemoAgent[] {
  const random = seededRandom(2800);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const topics = DEMO_TOPICS.map((t) => t.key);
  const agents: DemoAgent[] = [];
  for (let i = 1; i <= count; i++) {
    const skills: Record<string, number> = { 'lang:nb': 5 };
    if (random() < 0.8) skills['lang:en'] = 3 + Math.floor(random() * 3);
    if (i % 10 === 3 || i % 10 === 8) skills['lang:pl'] = 4 + Math.floor(random() * 2);
    if (i % 13 === 5) skills['lang:ar'] = 5;
    if (i % 17 === 2) skills['lang:so'] = 5;
    if (i % 11 === 7) skills['lang:uk'] = 4;
    // Three experts per topic, by rotation, so routing at proficiency ≥ 4 always has someone.
    for (let k = 0; k < 3; k++) skills[topics[(i + k * 13) % topics.length]!] = 4 + (k === 0 ? 1 : Math.floor(random() * 2));
    const extra = 1 + Math.floor(random() * 3);
    for (let k = 0; k < extra; k++) {
      const topic = pick(topics);
      skills[topic] ??= 1 + Math.floor(random() * 3);
    }
    if (i % 5 === 0) skills.general = 3;
    agents.push({
      username: `agent${String(i).padStart(2, '0')}`,
      // Each round through the first names shifts the last names by one, so no two agents share a name.
      displayName: `${FIRST[(i - 1) % FIRST.length]} ${LAST[(i * 7 + Math.floor((i - 1) / FIRST.length)) % LAST.length]}`,
      team: `Lag ${1 + ((i - 1) % 4)}`,
      skills,
    });
  }
  return agents;
}

export const DEMO_STAFF = [
  { username: 'super01', displayName: 'Siri Vaktleder', role: 'supervisor' },
  { username: 'quality01', displayName: 'Knut Kvalitet', role: 'quality' },
  { username: 'admin', displayName: 'Administrator', role: 'admin' },
] as const;
