import { metricByLabel, metricSum, parsePrometheus } from './prometheus-text';

const EXPOSITION = [
  '# HELP tessera_db_commands_total Database commands sent, by command',
  '# TYPE tessera_db_commands_total counter',
  'tessera_db_commands_total{app="otp-service",command="insert"} 7',
  'tessera_db_commands_total{app="otp-service",command="update"} 12',
  'tessera_db_commands_total_created{app="otp-service",command="update"} 1',
  'tessera_checks_total{app="otp-service",result="approved",reason="a \\"quoted\\" value"} 3',
  'tessera_checks_total{app="otp-service",result="approved",reason="other"} 2',
  'tessera_checks_total{app="otp-service",result="wrong_code",reason="other"} 5',
  'tessera_otp_live_verifications 4',
].join('\n');

describe('Prometheus text exposition', () => {
  it('reads each sample of one metric with its labels, not the metrics its name prefixes', () => {
    expect(parsePrometheus(EXPOSITION, 'tessera_db_commands_total')).toEqual([
      { labels: { app: 'otp-service', command: 'insert' }, value: 7 },
      { labels: { app: 'otp-service', command: 'update' }, value: 12 },
    ]);
    expect(parsePrometheus(EXPOSITION, 'tessera_otp_live_verifications')).toEqual([{ labels: {}, value: 4 }]);
  });

  it('sums the samples whose labels include every pair asked for', () => {
    expect(metricSum(EXPOSITION, 'tessera_checks_total', { result: 'approved' })).toBe(5);
    expect(metricSum(EXPOSITION, 'tessera_checks_total')).toBe(10);
    expect(metricSum(EXPOSITION, 'tessera_checks_total', { result: 'expired' })).toBe(0);
  });

  it('sums by the value of one label', () => {
    expect(metricByLabel(EXPOSITION, 'tessera_checks_total', 'result')).toEqual({ approved: 5, wrong_code: 5 });
  });
});
