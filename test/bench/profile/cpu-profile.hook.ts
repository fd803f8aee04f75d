/**
 * Preloaded into each app for the profile phase (NODE_OPTIONS=--require, transpiled by the benchmark): the
 * first SIGUSR2 starts the V8 CPU profiler (what `node --cpu-prof` uses), the next one writes
 * `<app>-<pid>-<n>.cpuprofile` into BENCH_CPU_PROFILE_DIR. `--cpu-prof` itself only writes at a normal exit,
 * and Nest ends on SIGTERM by re-raising the signal, so it would never write.
 */
import { Session } from 'node:inspector';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const app = /apps\/([^/]+)\/src\/main\.js$/.exec(process.argv[1] ?? '')?.[1] ?? 'node';
  const session = new Session();
  session.connect();
  let recording = false;
  let written = 0;
  process.on('SIGUSR2', () => {
    if (!recording) {
      recording = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
      );
      return;
    }
    recording = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${app}-${process.pid}-${++written}.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
      renameSync(`${file}.tmp`, file);
    });
  });
}
