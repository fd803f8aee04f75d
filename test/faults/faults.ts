import { setTimeout as sleep } from 'node:timers/promises';
import type { FlowChannel } from '../bench/load/flow';
import type { AppInstance } from '../bench/system/local-system';
import type { FaultOptions } from './fault-options';
import type { FlowRecord, WindowResult } from './fault-run';
import type { InboxRecords } from './inbox-records';
import { killInfrastructure, startInfrastructure, type Infrastructure } from './infrastructure';
import { waitForReadiness } from './readiness';
import type { TcpDelayProxy } from './tcp-delay-proxy';

/** One thing done to the system: its time, and what it took. */
export interface FaultEvent {
  action: 'SIGTERM' | 'kill -9' | 'delay on' | 'delay off';
  target: string;
  /** Epoch ms. */
  at: number;
  /** SIGTERM: from the signal to the process's exit. */
  shutdownMs?: number;
  /** How the process ended (a SIGTERMed Nest app re-raises the signal after its clean close). */
  exit?: string;
  /** From the fault until the restarted part answered ready (or the infrastructure's start script returned). */
  restartedMs?: number;
}

export interface FaultContext {
  readonly options: FaultOptions;
  readonly inbox: InboxRecords;
  readonly httpProxy: TcpDelayProxy;
  readonly smtpProxy: TcpDelayProxy;
  log(line: string): void;
  tesseraApps(): AppInstance[];
  instance(name: string): AppInstance;
  restart(name: string): Promise<void>;
}

export interface Fault {
  name: string;
  /** The flows this fault can hold up (its recovery is measured on them). */
  affects(flow: FlowRecord): boolean;
  /** Runs the fault from the window's start; returns before `windowEnd`. */
  inject(context: FaultContext, window: WindowResult, windowEnd: number): Promise<void>;
}

const everyFlow = (): boolean => true;

async function stopAndRestart(
  context: FaultContext,
  window: WindowResult,
  name: string,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<void> {
  const instance = context.instance(name);
  const event: FaultEvent = { action: signal === 'SIGTERM' ? 'SIGTERM' : 'kill -9', target: name, at: Date.now() };
  window.events.push(event);
  const exit = new Promise<string>((resolve) =>
    instance.child.once('exit', (code, sig) => resolve(sig ?? `code ${code}`)),
  );
  instance.child.kill(signal);
  const bound = setTimeout(() => instance.child.kill('SIGKILL'), context.options.shutdownBoundMs + 5000);
  event.exit = await exit;
  await instance.exited;
  clearTimeout(bound);
  if (signal === 'SIGTERM') event.shutdownMs = Date.now() - event.at;
  await context.restart(name);
  event.restartedMs = Date.now() - event.at;
  context.log(
    `  ${event.action} ${name}: ${event.shutdownMs !== undefined ? `exited in ${event.shutdownMs} ms (${event.exit}), ` : ''}ready again after ${event.restartedMs} ms`,
  );
}

/** SIGTERM and restart at the window's start, kill -9 and restart at its middle. */
function serviceFault(name: string, target: string, affects: (flow: FlowRecord) => boolean): Fault {
  return {
    name,
    affects,
    async inject(context, window, windowEnd) {
      const start = Date.now();
      await stopAndRestart(context, window, target, 'SIGTERM');
      const middle = start + (windowEnd - start) / 2;
      if (middle > Date.now()) await sleep(middle - Date.now());
      await stopAndRestart(context, window, target, 'SIGKILL');
    },
  };
}

/** kill -9 of Kafka or FerretDB; every app must say not ready, then ready again after the restart, same process. */
function infrastructureFault(name: Infrastructure): Fault {
  return {
    name,
    affects: everyFlow,
    async inject(context, window) {
      const apps = context.tesseraApps();
      const pids = apps.map((a) => a.child.pid);
      const event: FaultEvent = { action: 'kill -9', target: name, at: Date.now() };
      window.events.push(event);
      await killInfrastructure(name);
      try {
        const notReady = await waitForReadiness(apps, false, event.at, context.options.notReadyWithinMs);
        context.log(`  not ready: ${notReady.map((f) => `${f.app} ${f.ms ?? 'never'}`).join(', ')}`);
        await startInfrastructure(name);
        event.restartedMs = Date.now() - event.at;
        const readyAgain = await waitForReadiness(apps, true, Date.now(), context.options.readyAgainMs);
        context.log(
          `  ${name} back after ${event.restartedMs} ms; ready again: ${readyAgain.map((f) => `${f.app} ${f.ms ?? 'never'}`).join(', ')}`,
        );
        const samePids =
          context.tesseraApps().every((a) => pids.includes(a.child.pid)) &&
          apps.every((a) => a.child.exitCode === null && a.child.signalCode === null);
        window.readiness = { notReady, readyAgain, samePids };
      } catch (error) {
        await startInfrastructure(name).catch(() => undefined);
        throw error;
      }
    },
  };
}

function channelFault(channel: FlowChannel): Fault {
  return serviceFault(`channel-${channel}`, `channel-${channel}`, (flow) => flow.channel === channel);
}

/**
 * The provider down: the sandbox killed (its inbox copied first) and restarted. Its ports refuse connections
 * meanwhile (the proxies stop listening just before the kill); requests in flight at the kill lose their connection.
 */
const sandboxDown: Fault = {
  name: 'provider down',
  affects: everyFlow,
  async inject(context, window) {
    await context.inbox.poll();
    const instance = context.instance('sandbox');
    const proxies = [context.httpProxy, context.smtpProxy];
    const event: FaultEvent = { action: 'kill -9', target: 'sandbox', at: Date.now() };
    window.events.push(event);
    for (const proxy of proxies) proxy.refuse();
    instance.child.kill('SIGKILL');
    await instance.exited;
    try {
      await context.restart('sandbox');
    } finally {
      await Promise.all(proxies.map((proxy) => proxy.accept()));
    }
    event.restartedMs = Date.now() - event.at;
    context.log(`  kill -9 sandbox: ready again after ${event.restartedMs} ms`);
  },
};

/** The network fault: every provider answer held for `providerDelayMs`, for `providerDelaySeconds`. */
const providerSlow: Fault = {
  name: 'provider slow',
  affects: everyFlow,
  async inject(context, window) {
    const on: FaultEvent = {
      action: 'delay on',
      target: `provider answers +${context.options.providerDelayMs} ms`,
      at: Date.now(),
    };
    window.events.push(on);
    context.httpProxy.setDelay(context.options.providerDelayMs);
    context.smtpProxy.setDelay(context.options.providerDelayMs);
    await sleep(context.options.providerDelaySeconds * 1000);
    context.httpProxy.setDelay(0);
    context.smtpProxy.setDelay(0);
    window.events.push({ action: 'delay off', target: 'provider answers at once', at: Date.now() });
  },
};

/** The windows, in order. */
export const FAULTS: readonly Fault[] = [
  infrastructureFault('kafka'),
  infrastructureFault('ferretdb'),
  serviceFault('otp-service', 'otp-service#2', everyFlow),
  channelFault('whatsapp'),
  channelFault('sms'),
  channelFault('email'),
  serviceFault('gateway', 'gateway#2', (flow) => flow.gateway === 1),
  sandboxDown,
  providerSlow,
];
