import { rmSync } from 'node:fs';
// Jest's global setup runs without the @tessera path mapping: import the files it needs directly.
import { TEST_LOG_DIR, type AppProcess } from '../../libs/testing/src/app-process';
import {
  SEEN_CODES_FILE,
  SEEN_SECRETS_FILE,
  appAvailable,
  newSystemState,
  rememberSecret,
  saveState,
  startSystemApp,
  type AppName,
} from './system';
import { stopRecordedApps } from './stop-apps';

const ORDER: AppName[] = ['sandbox', 'otp-service', 'channel-whatsapp', 'channel-sms', 'channel-email', 'gateway'];

/** Starts the whole system as real processes once for the end-to-end project. */
export default async function globalSetup(): Promise<void> {
  await stopRecordedApps();
  rmSync(SEEN_CODES_FILE, { force: true });
  rmSync(SEEN_SECRETS_FILE, { force: true });
  rmSync(TEST_LOG_DIR, { recursive: true, force: true });
  const state = newSystemState();
  for (const [name, value] of Object.entries(state.secrets)) {
    if (name !== 'OTP_SEAL_ACTIVE_KID') rememberSecret(name, name === 'OTP_SEAL_KEYS' ? value.split(':')[1] : value);
  }
  const started: AppProcess[] = [];
  try {
    for (const name of ORDER) {
      if (!appAvailable(name)) throw new Error(`dist/apps/${name} is missing: run npm run build`);
      const app = await startSystemApp(name, state);
      started.push(app);
      state.pids[name] = app.child.pid!;
      saveState(state);
    }
  } catch (error) {
    await Promise.all(started.map((app) => app.stop('SIGKILL')));
    throw error;
  }
  for (const app of started) app.child.unref();
}
