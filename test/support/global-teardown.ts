import { stopRecordedApps } from './stop-apps';

export default async function globalTeardown(): Promise<void> {
  await stopRecordedApps();
}
