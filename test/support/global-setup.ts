import { appAvailable, newSystemState, saveState, startSystemApp, type AppName } from './system';

const ORDER: AppName[] = ['sandbox', 'otp-service', 'channel-whatsapp', 'channel-sms', 'channel-email', 'gateway'];

/** Starts the whole system as real processes once for the end-to-end project. */
export default async function globalSetup(): Promise<void> {
  const state = newSystemState();
  for (const name of ORDER) {
    if (name !== 'gateway' && name !== 'otp-service' && !appAvailable(name)) continue;
    const app = await startSystemApp(name, state);
    app.child.unref();
    state.pids[name] = app.child.pid!;
    saveState(state);
  }
}
