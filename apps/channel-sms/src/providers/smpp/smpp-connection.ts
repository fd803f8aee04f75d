import { Logger, type LoggerService } from '@nestjs/common';
import { INTERFACE_VERSION_34, smpp, SmppStatus, type SmppPdu, type SmppSession } from './smpp-package';
import { smppStatusName } from './smpp-error-map';

export interface SmppConnectionSettings {
  host: string;
  port: number;
  systemId: string;
  password: string;
  /** enquire_link period while bound; an unanswered one drops the session and reconnects. */
  enquireLinkMs: number;
  /** How long a request waits for a bound session (connecting, reconnecting) before it fails. */
  bindWaitMs: number;
  /** How long a request (bind, submit_sm, enquire_link, unbind) waits for its response. */
  responseTimeoutMs: number;
  /** Pause before the first reconnect; it doubles (with jitter) up to reconnectMaxMs. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  connectTimeoutMs?: number;
}

export type SmppConnectionState = 'idle' | 'connecting' | 'binding' | 'bound' | 'reconnecting' | 'stopped';

/**
 * Why a request could not get an answer: 'not_bound' and 'stopped' before it was written (safe to send later);
 * 'closed' and 'timeout' after (the SMSC may have it).
 */
export class SmppUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'not_bound' | 'closed' | 'timeout' | 'stopped',
  ) {
    super(message);
    this.name = 'SmppUnavailableError';
  }
}

/** Answers a received deliver_sm: resolves to the deliver_sm_resp command_status. */
export type DeliverSmHandler = (pdu: SmppPdu) => Promise<number>;

type SmppLog = Pick<LoggerService, 'log' | 'warn' | 'error'>;

interface InFlight {
  timer: NodeJS.Timeout;
  reject(error: Error): void;
}

interface BindWaiter {
  timer: NodeJS.Timeout;
  resolve(session: SmppSession): void;
  reject(error: Error): void;
}

/** A session that stayed bound this long counts as healthy: the next reconnect starts from the base delay. */
const STABLE_SESSION_MS = 10000;
const SHUTDOWN_GRACE_MS = 2000;

/**
 * One SMPP v3.4 transceiver session to the SMSC, kept bound: connects and binds on module init, sends
 * enquire_link every `enquireLinkMs`, reconnects with exponential backoff when the link drops or stops
 * answering, and unbinds and closes on shutdown. Requests issued while it is not bound wait for the bind
 * (at most `bindWaitMs`), so a send during a reconnect is delayed, not lost. Received deliver_sm go to the
 * handler a receipt listener registers and are answered with its deliver_sm_resp status.
 */
export class SmppConnection {
  private session: SmppSession | null = null;
  private state: SmppConnectionState = 'idle';
  private failures = 0;
  private boundAt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private deliverSmHandler: DeliverSmHandler | null = null;
  private readonly inFlight = new Map<SmppSession, Set<InFlight>>();
  private readonly bindWaiters = new Set<BindWaiter>();

  constructor(
    private readonly settings: SmppConnectionSettings,
    private readonly log: SmppLog = new Logger(SmppConnection.name),
  ) {}

  get currentState(): SmppConnectionState {
    return this.state;
  }

  get isBound(): boolean {
    return this.state === 'bound';
  }

  /** Where received deliver_sm go; without a handler they are answered ESME_RX_T_APPN (the SMSC retries). */
  onDeliverSm(handler: DeliverSmHandler): void {
    this.deliverSmHandler = handler;
  }

  /** Nest hook: starts connecting and waits briefly for the first bind; sends wait for it anyway. */
  async onModuleInit(): Promise<void> {
    this.start();
    await this.waitForBind(Math.min(this.settings.bindWaitMs, 5000)).catch(() =>
      this.log.warn(`SMPP ${this.address} not bound yet; sends wait while it keeps trying`),
    );
  }

  /** Nest hook, after the bus consumer has stopped: unbind, close, stop reconnecting. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const session = this.session;
    const wasBound = this.state === 'bound';
    this.state = 'stopped';
    this.clearTimers();
    this.failWaiters(new SmppUnavailableError('SMPP connection stopped', 'stopped'));
    if (!session) return;
    const closed = new Promise<void>((resolve) => {
      if (session.socket.destroyed) resolve();
      else session.socket.once('close', () => resolve());
    });
    if (!wasBound) {
      session.destroy();
      await closed;
      return;
    }
    await this.exchange(session, 'unbind', {}, Math.min(this.settings.responseTimeoutMs, SHUTDOWN_GRACE_MS)).catch(
      () => undefined,
    );
    session.close();
    const timer = setTimeout(() => session.destroy(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(timer);
    this.log.log(`SMPP ${this.address} unbound and closed`);
  }

  /**
   * Sends submit_sm once bound and resolves with its submit_sm_resp (any command_status). A submit that could not
   * be written (the session went away just before) is sent on the next session, within the same wait. One that
   * was written is never sent again here: when its session closes before the answer ('closed') or the answer does
   * not come within responseTimeoutMs ('timeout'), the SMSC may have taken it, and it rejects. Rejects with
   * SmppUnavailableError ('not_bound') when no bind comes within bindWaitMs.
   */
  async submit(fields: Record<string, unknown>): Promise<SmppPdu> {
    const deadline = Date.now() + this.settings.bindWaitMs;
    for (;;) {
      const session = await this.waitForBind(Math.max(0, deadline - Date.now()));
      try {
        return await this.exchange(session, 'submit_sm', fields, this.settings.responseTimeoutMs);
      } catch (error) {
        const notWritten = error instanceof SmppUnavailableError && error.reason === 'not_bound';
        if (!notWritten || Date.now() >= deadline) throw error;
        this.log.warn(`SMPP submit_sm could not be written; sending it after the reconnect`);
        this.drop(session);
      }
    }
  }

  /** Resolves with the bound session, waiting for a (re)bind at most `timeoutMs`. */
  waitForBind(timeoutMs: number): Promise<SmppSession> {
    if (this.state === 'bound' && this.session) return Promise.resolve(this.session);
    if (this.state === 'stopped') return Promise.reject(new SmppUnavailableError('SMPP connection stopped', 'stopped'));
    return new Promise((resolve, reject) => {
      const waiter: BindWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.bindWaiters.delete(waiter);
          reject(new SmppUnavailableError(`SMPP ${this.address} not bound within ${timeoutMs} ms`, 'not_bound'));
        }, timeoutMs),
      };
      this.bindWaiters.add(waiter);
    });
  }

  private get address(): string {
    return `${this.settings.host}:${this.settings.port}`;
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const session = smpp.connect({ host: this.settings.host, port: this.settings.port });
    this.session = session;
    this.inFlight.set(session, new Set());
    const connectTimer = setTimeout(() => {
      this.log.warn(`SMPP ${this.address} did not accept the connection in time`);
      session.destroy();
    }, this.settings.connectTimeoutMs ?? 10000);
    session.on('connect', () => {
      clearTimeout(connectTimer);
      this.bind(session);
    });
    session.on('error', (error: Error) => this.log.warn(`SMPP ${this.address}: ${error.message}`));
    session.on('close', () => {
      clearTimeout(connectTimer);
      this.onClose(session);
    });
    session.on('pdu', (pdu: SmppPdu) => this.onPdu(session, pdu));
  }

  private bind(session: SmppSession): void {
    if (session !== this.session || this.state === 'stopped') return;
    this.state = 'binding';
    const fields = {
      system_id: this.settings.systemId,
      password: this.settings.password,
      interface_version: INTERFACE_VERSION_34,
    };
    this.exchange(session, 'bind_transceiver', fields, this.settings.responseTimeoutMs).then(
      (response) => {
        if (session !== this.session || this.state !== 'binding') return;
        if (response.command_status !== SmppStatus.ESME_ROK) {
          this.log.error(
            `SMPP bind_transceiver refused as "${this.settings.systemId}": ${smppStatusName(response.command_status)}`,
          );
          this.drop(session);
          return;
        }
        this.state = 'bound';
        this.boundAt = Date.now();
        this.startEnquireLink(session);
        this.log.log(`SMPP bound as transceiver to ${this.address}`);
        for (const waiter of [...this.bindWaiters]) {
          clearTimeout(waiter.timer);
          this.bindWaiters.delete(waiter);
          waiter.resolve(session);
        }
      },
      (error: Error) => {
        this.log.warn(`SMPP bind_transceiver to ${this.address} failed: ${error.message}`);
        this.drop(session);
      },
    );
  }

  private onClose(session: SmppSession): void {
    const pending = this.inFlight.get(session);
    this.inFlight.delete(session);
    for (const request of pending ?? []) {
      clearTimeout(request.timer);
      request.reject(new SmppUnavailableError(`SMPP ${this.address} closed before answering`, 'closed'));
    }
    if (session !== this.session) return;
    this.session = null;
    this.stopEnquireLink();
    if (this.state === 'stopped') return;
    const wasBound = this.boundAt > 0;
    if (wasBound && Date.now() - this.boundAt >= STABLE_SESSION_MS) this.failures = 0;
    this.boundAt = 0;
    this.state = 'reconnecting';
    const delay = this.nextReconnectDelay();
    this.log.warn(`SMPP ${this.address} ${wasBound ? 'connection lost' : 'unavailable'}; reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private nextReconnectDelay(): number {
    const base = this.settings.reconnectBaseMs ?? 250;
    const cap = Math.min(this.settings.reconnectMaxMs ?? 30000, base * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  private onPdu(session: SmppSession, pdu: SmppPdu): void {
    if (pdu.isResponse()) return; // answered through the callbacks of exchange()
    switch (pdu.command) {
      case 'deliver_sm':
        void this.answerDeliverSm(session, pdu);
        return;
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        this.log.warn(`SMPP ${this.address} unbound us; reconnecting`);
        if (this.state === 'bound') this.state = 'reconnecting';
        session.send(pdu.response(), () => session.close());
        return;
      case 'alert_notification':
        return; // has no response PDU
      default:
        try {
          session.send(pdu.response({ command_status: SmppStatus.ESME_RINVCMDID }));
        } catch {
          // A command without a response PDU (outbind…): nothing to answer.
        }
    }
  }

  private async answerDeliverSm(session: SmppSession, pdu: SmppPdu): Promise<void> {
    let status: number = SmppStatus.ESME_RX_T_APPN;
    try {
      if (this.deliverSmHandler) status = await this.deliverSmHandler(pdu);
    } catch (error) {
      this.log.error(`deliver_sm not handled, the SMSC will send it again: ${(error as Error).message}`);
      status = SmppStatus.ESME_RX_T_APPN;
    }
    session.send(pdu.response({ command_status: status }));
  }

  /** Sends one request PDU on `session` and resolves with its response PDU. */
  private exchange(
    session: SmppSession,
    command: string,
    fields: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<SmppPdu> {
    return new Promise((resolve, reject) => {
      const pending = this.inFlight.get(session);
      if (!pending) {
        reject(new SmppUnavailableError(`SMPP ${this.address} is not connected`, 'not_bound'));
        return;
      }
      const request: InFlight = {
        reject,
        timer: setTimeout(() => {
          pending.delete(request);
          reject(new SmppUnavailableError(`SMPP ${command} unanswered after ${timeoutMs} ms`, 'timeout'));
        }, timeoutMs),
      };
      pending.add(request);
      const sent = session.send(new smpp.PDU(command, fields), (response) => {
        clearTimeout(request.timer);
        pending.delete(request);
        resolve(response);
      });
      if (!sent) {
        clearTimeout(request.timer);
        pending.delete(request);
        reject(new SmppUnavailableError(`SMPP ${this.address} is not writable`, 'not_bound'));
      }
    });
  }

  /** Gives up on `session`: marks the connection down at once (no new request picks it) and lets close reconnect. */
  private drop(session: SmppSession): void {
    if (session === this.session && this.state !== 'stopped') this.state = 'reconnecting';
    session.destroy();
  }

  private startEnquireLink(session: SmppSession): void {
    this.stopEnquireLink();
    this.enquireTimer = setInterval(() => {
      this.exchange(session, 'enquire_link', {}, this.settings.responseTimeoutMs).catch((error: Error) => {
        if (session !== this.session) return;
        this.log.warn(`SMPP enquire_link failed (${error.message}); reconnecting`);
        this.drop(session);
      });
    }, this.settings.enquireLinkMs);
    this.enquireTimer.unref();
  }

  private stopEnquireLink(): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
  }

  private clearTimers(): void {
    this.stopEnquireLink();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private failWaiters(error: Error): void {
    for (const waiter of [...this.bindWaiters]) {
      clearTimeout(waiter.timer);
      this.bindWaiters.delete(waiter);
      waiter.reject(error);
    }
  }
}
