import { existsSync } from 'node:fs';
import { STATE_FILE, loadState } from './system';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM every app the e2e state file records (setup, or a test that restarted one), then SIGKILL stragglers. */
export async function stopRecordedApps(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const pids = Object.values(loadState().pids);
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}
