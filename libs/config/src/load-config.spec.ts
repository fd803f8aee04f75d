import { z } from 'zod';
import { HttpEnv, KafkaEnv, secretKey } from './env-fragments';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({ ...KafkaEnv, ...HttpEnv(3000), SECRET: secretKey });

describe('loadConfig', () => {
  it('reports every problem together, naming each variable, without echoing values', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig('demo', schema, { PORT: 'eighty', KAFKA_BROKERS: '', SECRET: 'short-secret-value' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.message).toMatch(/KAFKA_BROKERS/);
    expect(error!.message).toMatch(/SECRET/);
    expect(error!.message).not.toContain('short-secret-value');
  });

  it('says when a variable is missing rather than malformed', () => {
    expect(() => loadConfig('demo', schema, {})).toThrow(/SECRET: is required but missing/);
  });

  it('applies defaults and types', () => {
    const config = loadConfig('demo', schema, {
      SECRET: Buffer.alloc(32, 1).toString('base64'),
      KAFKA_BROKERS: 'a:1, b:2',
    });
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.SECRET).toHaveLength(32);
  });
});
