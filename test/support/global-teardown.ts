import { loadState } from './system';

/** SIGTERM every app the setup (or a test that restarted one) recorded, and wait for them to go. */
export default async function globalTeardown(): Promise<void> {
  const { pids } = loadState();
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 20000;
  for (const pid of Object.values(pids)) {
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } catch {
        break;
      }
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
