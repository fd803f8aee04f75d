import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  seconds: number;
  /** Sampled time outside (idle). */
  busyMs: number;
  gcMs: number;
  functions: Array<{ name: string; where: string; selfMs: number; percent: number }>;
  packages: Array<{ name: string; selfMs: number; percent: number }>;
}

/** Who owns the code a frame runs: an npm package, Node itself, Tessera, or V8 (GC, compiled code). */
export function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node';
  const tessera = /\/dist\/((?:apps|libs)\/[^/]+)\//.exec(url);
  if (tessera) return tessera[1];
  return url.replace(/^file:\/\//, '');
}

function where(frame: CallFrame): string {
  if (!frame.url) return '';
  const short = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\//, '');
  return `${short}:${frame.lineNumber + 1}`;
}

/** Self time by function and by package from a .cpuprofile (Chrome's format, as `--cpu-prof` writes it). */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, delta));
  }
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  let busyUs = 0;
  let gcUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!;
    if (frame.functionName === '(idle)') continue;
    busyUs += us;
    if (frame.functionName === '(garbage collector)') gcUs += us;
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${frame.url}:${frame.lineNumber}`;
    const entry = functions.get(key) ?? { name, where: where(frame), us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = packageOf(frame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const percent = (us: number): number => (busyUs > 0 ? (100 * us) / busyUs : 0);
  return {
    seconds: (profile.endTime - profile.startTime) / 1e6,
    busyMs: busyUs / 1000,
    gcMs: gcUs / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: f.us / 1000, percent: percent(f.us) })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: percent(us) })),
  };
}

export function summarizeProfileFile(file: string, top = 15): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

/** `npx ts-node test/bench/profile/cpu-profile-summary.ts FILE...`: the same summary for any .cpuprofile. */
if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const s = summarizeProfileFile(file, 25);
    process.stdout.write(
      `\n${file}: ${s.seconds.toFixed(1)} s, busy ${s.busyMs.toFixed(0)} ms, GC ${s.gcMs.toFixed(0)} ms\n`,
    );
    for (const p of s.packages) process.stdout.write(`  ${p.percent.toFixed(1).padStart(5)} %  ${p.name}\n`);
    process.stdout.write('\n');
    for (const f of s.functions) {
      process.stdout.write(
        `  ${f.selfMs.toFixed(0).padStart(6)} ms ${f.percent.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}\n`,
      );
    }
  }
}
