import type { SoftphoneSettingsView } from '@fc/contracts';
import type { UA } from 'jssip';
import type { IncomingRTCSessionEvent, RTCSessionEvent } from 'jssip/lib/UA';
import type { NameAddrHeader } from 'jssip/lib/NameAddrHeader';
import type { ReferEvent, RTCSession } from 'jssip/lib/RTCSession';

/**
 * Where the softphone stands, as the agent is told:
 * - `connecting`: opening the voice edge's WebSocket and registering;
 * - `registered`: calls ring here;
 * - `failed`: the edge refused the registration (or the api did not take the endpoint), retrying;
 * - `dropped`: the connection to the edge is gone, retrying;
 * - `microphone`: the browser refused the microphone: no registration until the agent allows it.
 */
export type SoftphoneStatus = 'connecting' | 'registered' | 'failed' | 'dropped' | 'microphone';

export interface SoftphoneSnapshot {
  status: SoftphoneStatus;
  /** The First Contact call whose INVITE rings the phone now (its X-FC-Call-Id). */
  ringingCallId: string | null;
  /** The First Contact call the phone is talking on. */
  talkingCallId: string | null;
  muted: boolean;
}

// rtpengine's offer has no BUNDLE group: max-bundle would fail setRemoteDescription (decision 0045).
// No STUN or TURN: the edge's rtpengine is reached directly.
const PC_CONFIG: RTCConfiguration = { iceServers: [], rtcpMuxPolicy: 'require' };
const MEDIA: MediaStreamConstraints = { audio: true, video: false };
const RETRY_REGISTER_MS = 5000;

/**
 * The agent's WebRTC softphone (JsSIP over the voice edge's SIP WebSocket, DESIGN §12). It rings
 * for the calls First Contact offers this agent: each INVITE carries `X-FC-Call-Id`, matched to the
 * offer the console shows. The console's accept, decline and end drive it; by itself it only picks
 * up a call the agent already holds and follows the edge's REFER to dial a callback's caller. When
 * the edge asks for SIP credentials, the api issued them with the settings (decision 0047).
 */
export class Softphone {
  private ua: UA | null = null;
  private session: { callId: string; session: RTCSession } | null = null;
  private snapshot: SoftphoneSnapshot = { status: 'connecting', ringingCallId: null, talkingCallId: null, muted: false };
  private readonly listeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private audio: HTMLAudioElement | null = null;

  constructor(
    private readonly settings: SoftphoneSettingsView,
    /** Tells the api the phone registered, so calls ring here (it sets the agent's endpoint). */
    private readonly onRegistered: () => Promise<unknown>,
  ) {}

  /** For React's useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly current = (): SoftphoneSnapshot => this.snapshot;

  /** Where the caller is heard: an `<audio autoplay>` element. */
  attachAudio(element: HTMLAudioElement | null): void {
    this.audio = element;
  }

  /** Checks the microphone, then connects and registers. Called again after the agent allowed the microphone. */
  async start(): Promise<void> {
    this.set({ status: 'connecting' });
    if (!(await this.microphoneAllowed())) return;
    if (this.stopped || this.ua) return;
    const JsSIP = (await import('jssip')).default;
    if (this.stopped) return;
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(this.settings.wsUrl)],
      uri: this.settings.sipUri,
      display_name: this.settings.displayName,
      // The edge's credentials for this agent's address, when it asks for them (decision 0047).
      ...(this.settings.authorizationUser && this.settings.password ? { authorization_user: this.settings.authorizationUser, password: this.settings.password } : {}),
      register: true,
      register_expires: 300,
      session_timers: false,
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 10,
      user_agent: 'First Contact console',
    });
    ua.on('connecting', () => {
      if (this.snapshot.status !== 'dropped') this.set({ status: 'connecting' });
    });
    ua.on('disconnected', () => this.set({ status: 'dropped' }));
    ua.on('registered', () => {
      const was = this.snapshot.status;
      this.set({ status: 'registered' });
      // A refresh of a registration that stands needs no word to the api.
      if (was !== 'registered') this.onRegistered().catch(() => this.failed());
    });
    ua.on('unregistered', () => {
      if (!this.stopped && this.snapshot.status === 'registered') this.set({ status: 'dropped' });
    });
    ua.on('registrationFailed', () => this.failed());
    ua.on('newRTCSession', (event: RTCSessionEvent) => {
      if (event.originator === 'remote') this.incoming(event as IncomingRTCSessionEvent);
    });
    this.ua = ua;
    ua.start();
  }

  /** Unregisters and closes the connection (sign-out, leaving the workspace). */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.session && !this.session.session.isEnded()) this.session.session.terminate();
    this.ua?.stop();
    this.ua = null;
    this.listeners.clear();
  }

  /** The agent accepted `callId` in the console: pick up if it rings here. */
  answer(callId: string): void {
    const ringing = this.sessionFor(callId);
    if (!ringing || ringing.isEstablished()) return;
    ringing.answer({ mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
  }

  /** The agent declined `callId`: the phone stops ringing, busy (486). */
  reject(callId: string): void {
    const ringing = this.sessionFor(callId);
    if (ringing && !ringing.isEnded()) ringing.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
  }

  /** The agent ended `callId`: the phone hangs up. */
  hangUp(callId: string): void {
    const talking = this.sessionFor(callId);
    if (talking && !talking.isEnded()) talking.terminate();
  }

  setMuted(muted: boolean): void {
    const talking = this.session?.session;
    if (!talking) return;
    if (muted) talking.mute({ audio: true });
    else talking.unmute({ audio: true });
    this.set({ muted });
  }

  private sessionFor(callId: string): RTCSession | null {
    return this.session?.callId === callId ? this.session.session : null;
  }

  private incoming({ session, request }: IncomingRTCSessionEvent): void {
    const callId = request.getHeader('X-FC-Call-Id');
    // Only First Contact's offers ring here, one at a time.
    if (!callId || (this.session && !this.session.session.isEnded())) {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.set({ ringingCallId: callId, talkingCallId: null, muted: false });
    this.follow(callId, session);
    // A callback: once answered, the edge refers the phone to the caller (fc-dial-<token>, the number
    // stays with the edge) and hangs this call up. Any other REFER is refused.
    session.on('refer', (refer: ReferEvent) => {
      const target = refer.request.parseHeader<NameAddrHeader>('refer-to');
      if (this.session?.session !== session || !/^fc-dial-[0-9a-f]{32}$/.test(target?.uri.user ?? '')) return refer.reject();
      refer.accept((next: RTCSession) => this.follow(callId, next), { mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
    });
  }

  /** Makes `session` the phone's call for `callId`: its audio plays, its end clears the state. */
  private follow(callId: string, session: RTCSession): void {
    this.session = { callId, session };
    const onTrack = (event: RTCTrackEvent) => {
      if (this.audio) this.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    };
    if (session.connection) session.connection.addEventListener('track', onTrack);
    session.on('peerconnection', ({ peerconnection }) => peerconnection.addEventListener('track', onTrack));
    session.on('accepted', () => this.set({ ringingCallId: null, talkingCallId: callId }));
    session.on('getusermediafailed', () => this.set({ status: 'microphone' }));
    const ended = () => {
      if (this.session?.session !== session) return;
      this.session = null;
      if (this.audio) this.audio.srcObject = null;
      this.set({ ringingCallId: null, talkingCallId: null, muted: false });
    };
    session.on('ended', ended);
    session.on('failed', ended);
  }

  private failed(): void {
    if (this.stopped) return;
    this.set({ status: 'failed' });
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped && this.ua?.isConnected()) this.ua.register();
    }, RETRY_REGISTER_MS);
  }

  private async microphoneAllowed(): Promise<boolean> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(MEDIA);
      for (const track of stream.getTracks()) track.stop();
      return true;
    } catch {
      // Refused (NotAllowedError) or none there: either way the agent could not talk.
      this.set({ status: 'microphone' });
      return false;
    }
  }

  private set(change: Partial<SoftphoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
