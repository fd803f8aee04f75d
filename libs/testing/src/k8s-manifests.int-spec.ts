import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Channels, TopicPartitions, requestedTopicFor } from '@tessera/contracts';
import { REPO_ROOT } from './app-process';

const K8S = join(REPO_ROOT, 'deploy', 'k8s');
const PYTHON = join(process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local'), 'venv', 'bin', 'python');

interface Report {
  validated: string[];
  errors: string[];
}

/** test/k8s/validate-manifests.py (kubernetes-validate and KEDA's CRD schema, from the test venv) on a folder. */
function validate(dir: string): Report {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run deploy/local/python-tools.sh`);
  const run = spawnSync(PYTHON, [join(REPO_ROOT, 'test', 'k8s', 'validate-manifests.py'), dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`validate-manifests.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

const documentsOf = (file: string) =>
  parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => d.toJS() as Record<string, any>);

describe('the Kubernetes manifests', () => {
  it('validate against the Kubernetes schemas and KEDA’s ScaledObject CRD, every document of the kustomization', () => {
    const report = validate(K8S);
    expect(report.errors).toEqual([]);
    const files = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')).resources as string[];
    const documents = files.flatMap((f) => documentsOf(f).filter(Boolean));
    expect(report.validated).toHaveLength(documents.length);
    expect(report.validated.filter((v) => v.includes('ScaledObject'))).toHaveLength(4);
  });

  it('would catch a wrong field in a Deployment and in a ScaledObject', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-k8s-'));
    try {
      cpSync(K8S, dir, { recursive: true });
      const sms = readFileSync(join(dir, 'channel-sms.yaml'), 'utf8');
      writeFileSync(
        join(dir, 'channel-sms.yaml'),
        sms.replace('terminationGracePeriodSeconds:', 'terminationGraceSeconds:'),
      );
      const scaling = readFileSync(join(dir, 'scaling.yaml'), 'utf8');
      writeFileSync(join(dir, 'scaling.yaml'), scaling.replace('maxReplicaCount: 6', "maxReplicaCount: 'six'"));
      const { errors } = validate(dir);
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/channel-sms.yaml: Deployment channel-sms: .*terminationGraceSeconds/),
          expect.stringMatching(/scaling.yaml: ScaledObject channel-whatsapp: 'six' is not of type 'integer'/),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scales each channel on the lag of its own consumer group on its own topic, within its partitions', () => {
    const scalers = documentsOf('scaling.yaml').filter((d) => d.kind === 'ScaledObject');
    for (const channel of Channels) {
      const app = `channel-${channel}`;
      const deployment = documentsOf(`${app}.yaml`).find((d) => d.kind === 'Deployment')!;
      const env = deployment.spec.template.spec.containers[0].env as { name: string; value: string }[];
      const group = env.find((e) => e.name === 'KAFKA_GROUP_ID')?.value;
      const scaler = scalers.find((s) => s.spec.scaleTargetRef.name === app);
      expect(scaler).toBeDefined();
      expect(scaler!.spec.triggers).toHaveLength(1);
      expect(scaler!.spec.triggers[0]).toMatchObject({
        type: 'kafka',
        metadata: { consumerGroup: group, topic: requestedTopicFor(channel) },
      });
      // a replica beyond the topic's partition count would own nothing
      expect(scaler!.spec.maxReplicaCount).toBeLessThanOrEqual(TopicPartitions.event);
    }
    const otp = scalers.find((s) => s.spec.scaleTargetRef.name === 'otp-service')!;
    expect(otp.spec.maxReplicaCount).toBeLessThanOrEqual(TopicPartitions.command);
  });
});
