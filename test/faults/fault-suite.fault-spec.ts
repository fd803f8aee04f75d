import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { existingDatabases } from '../bench/system/databases';
import { TESSERA_HOME } from '../bench/system/local-system';
import { readFaultOptions } from './fault-options';
import { renderFaultReport, recoveries, writeFaultReport } from './fault-report';
import { FaultRun, type FaultRunResult } from './fault-run';
import { ensureInfrastructureUp } from './infrastructure';

/**
 * `npm run test:faults` (also in `npm test`): under a steady open-loop load, one fault per window (Kafka and
 * FerretDB killed; SIGTERM then kill -9 of an otp-service replica, each channel service and a gateway replica;
 * the provider down; the provider answering late), then every request that got a 2xx is accounted for.
 * Run it under the e2e lock: it kills and restarts the shared Kafka and FerretDB (and always restarts them).
 */
describe('the system under faults', () => {
  const options = readFaultOptions();
  const run = new FaultRun(options);
  let result: FaultRunResult;
  let leftBehind: string[];

  beforeAll(async () => {
    try {
      result = await run.run();
    } finally {
      await ensureInfrastructureUp();
      await run.cleanUp();
    }
    leftBehind = await existingDatabases(result.databases);
    const markdown = renderFaultReport(result);
    process.stdout.write(`\n${markdown}\n\n`);
    const dir = join(TESSERA_HOME, 'faults', result.runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ ...result, flows: undefined }, null, 2));
    writeFaultReport(options.output, markdown);
  }, 20 * 60_000);

  it('accounts for every accepted request: approved, or ended with a reason; none lost, none pending past its TTL', () => {
    const a = result.accounting;
    expect(a.accepted).toBeGreaterThan(0);
    expect(a.lost).toEqual([]);
    expect(a.stuckPending).toEqual([]);
    expect(a.endedWithoutReason).toEqual([]);
    const ended = Object.values(a.finalStates).reduce((s, n) => s + n, 0);
    expect(ended).toBe(a.accepted);
  });

  it('sends no attempt twice to its destination', () => {
    expect(result.accounting.messagesAccepted).toBeGreaterThan(0);
    expect(result.accounting.duplicateSends).toEqual([]);
  });

  it('approves no verification twice, and every approval is on the bus', () => {
    const a = result.accounting;
    expect(a.approvedInFlow).toBeGreaterThan(0);
    expect(a.approvedTwice).toEqual([]);
    expect(a.approvedWithoutEvent).toEqual([]);
    expect(a.eventWithoutApproval).toEqual([]);
  });

  it('completes flows again after every fault', () => {
    const missing = recoveries(result).filter((r) => r.recoveryMs === null);
    expect(missing.map((r) => `${r.event.action} ${r.event.target}`)).toEqual([]);
  });

  it('says not ready within seconds while Kafka or FerretDB is down, and ready again after, same processes', () => {
    for (const window of result.windows.filter((w) => w.fault === 'kafka' || w.fault === 'ferretdb')) {
      const { notReady, readyAgain, samePids } = window.readiness!;
      expect({ fault: window.fault, late: notReady.filter((f) => f.ms === null).map((f) => f.app) }).toEqual({
        fault: window.fault,
        late: [],
      });
      expect({ fault: window.fault, late: readyAgain.filter((f) => f.ms === null).map((f) => f.app) }).toEqual({
        fault: window.fault,
        late: [],
      });
      expect(samePids).toBe(true);
    }
  });

  it('ends every SIGTERMed service by its own clean close, within the bound', () => {
    const terms = result.windows.flatMap((w) => w.events.filter((e) => e.action === 'SIGTERM'));
    for (const event of terms) {
      expect({ target: event.target, exit: event.exit }).toEqual({ target: event.target, exit: 'SIGTERM' });
      expect(event.shutdownMs).toBeLessThan(options.shutdownBoundMs);
    }
  });

  it('drops the databases it wrote to once it is done', () => {
    expect(result.databases.length).toBeGreaterThan(0);
    expect(leftBehind).toEqual([]);
  });
});
