import { AgentState } from '@fc/contracts';
import type { LiveFigures } from './live-figures.js';
import { formatDuration, formatSimulatedTime } from './simulated-clock.js';

export interface DashboardHeader {
  scenario: string;
  api: string;
  scale: number;
  agents: number;
  /** Real seconds the run lasts, when it was given. */
  durationSec: number | undefined;
}

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
const seconds = (sec: number | null) => (sec === null ? '–' : sec < 10 ? `${sec.toFixed(1)} s` : `${Math.round(sec)} s`);

/** The panel redrawn on a terminal: a few lines, the same figures as the summary. */
export function renderPanel(header: DashboardHeader, f: LiveFigures, phase: string): string[] {
  const c = f.calls;
  const a = f.agents;
  const real = `${formatDuration(f.realSec)}${header.durationSec === undefined ? '' : ` of ${formatDuration(header.durationSec)}`}`;
  const errors = f.requests.errors === 0 ? '0' : `${f.requests.errors} (last: ${f.requests.lastError ?? '?'})`;
  return [
    `First Contact live simulator · ${header.scenario} · ×${header.scale} · ${header.api} · ${phase}`,
    `  clock     ${formatSimulatedTime(f.simulatedSec)} simulated · ${real} real`,
    `  calls     placed ${c.placed} (repeats ${c.repeats}) · waiting ${c.waiting}${c.dialling ? ` · dialling ${c.dialling}` : ''} · talking ${c.talking} · wrap-up ${c.wrapUp}`,
    `            completed ${c.completed} · abandoned ${c.abandoned} · callbacks ${c.callbacks} · transfers ${c.transfers} · declines ${c.declines}${c.hungUpAtClose ? ` · hung up at close ${c.hungUpAtClose}` : ''}`,
    `  agents    ${header.agents}: available ${a[AgentState.Available]} · reserved ${a[AgentState.Reserved]} · on call ${a[AgentState.OnCall]} · wrap-up ${a[AgentState.WrapUp]} · break ${a[AgentState.Break]}${f.agentsMissed ? ` (missed an offer ${f.agentsMissed})` : ''} · offline ${a[AgentState.Offline]}`,
    `  so far    service level ${percent(f.serviceLevel)} · ASA ${seconds(f.asaSec)} simulated (${seconds(f.asaRealSec)} real) · FCR ${percent(f.fcr)}`,
    `  requests  ${f.requests.sent} · lost races ${f.requests.races} · errors ${errors}`,
  ];
}

/** One progress line, for a log or a pipe. */
export function renderLine(f: LiveFigures): string {
  const c = f.calls;
  const a = f.agents;
  const busy = a[AgentState.Reserved] + a[AgentState.OnCall] + a[AgentState.WrapUp];
  return (
    `${formatSimulatedTime(f.simulatedSec)} (+${formatDuration(f.realSec)}) ` +
    `calls ${c.placed}: waiting ${c.waiting}, dialling ${c.dialling}, talking ${c.talking}, wrap-up ${c.wrapUp}, completed ${c.completed}, abandoned ${c.abandoned}, callbacks ${c.callbacks}, transfers ${c.transfers} · ` +
    `agents busy ${busy}, available ${a[AgentState.Available]}, break ${a[AgentState.Break]}, offline ${a[AgentState.Offline]} · ` +
    `SL ${percent(f.serviceLevel)} ASA ${seconds(f.asaSec)} FCR ${percent(f.fcr)} · errors ${f.requests.errors}`
  );
}

/**
 * Progress on stderr while the run goes (stdout stays for the summary): on a terminal a panel
 * redrawn every second; otherwise one line every `everySec` seconds, so a log is not flooded.
 */
export class LiveDashboard {
  private timer: NodeJS.Timeout | undefined;
  private drawn = 0;
  private lastLineAt = 0;
  phase = 'running';

  constructor(
    private readonly header: DashboardHeader,
    private readonly figures: () => LiveFigures,
    private readonly out: NodeJS.WriteStream,
    private readonly everySec: number,
  ) {}

  start(): void {
    const tty = this.out.isTTY === true;
    this.timer = setInterval(() => (tty ? this.drawPanel() : this.maybeLine()), 1000);
    if (tty) this.drawPanel();
  }

  /** Stops drawing; the panel's last state stays on screen. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.out.isTTY) this.drawPanel();
    this.drawn = 0;
  }

  private drawPanel(): void {
    const width = Math.max(40, (this.out.columns || 120) - 1);
    const lines = renderPanel(this.header, this.figures(), this.phase).map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    this.clearPanel();
    this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  private clearPanel(): void {
    if (this.drawn === 0 || !this.out.isTTY) return;
    this.out.moveCursor(0, -this.drawn);
    this.out.clearScreenDown();
    this.drawn = 0;
  }

  private maybeLine(): void {
    const now = Date.now();
    if (now - this.lastLineAt < this.everySec * 1000 - 100) return;
    this.lastLineAt = now;
    this.out.write(`${renderLine(this.figures())}\n`);
  }
}
