import { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    readonly appName: string,
    readonly problems: string[],
  ) {
    super(
      `${appName}: invalid configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, reporting every problem together. Secrets never appear in the message. */
export function loadConfig<S extends z.ZodType>(
  appName: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const present = typeof issue.path[0] === 'string' && env[issue.path[0]] !== undefined;
    return `${name}: ${present ? issue.message : 'is required but missing'}`;
  });
  throw new ConfigError(appName, problems);
}

/** For main.ts: load or print one clear message and exit 1. */
export function loadConfigOrExit<S extends z.ZodType>(appName: string, schema: S): z.infer<S> {
  try {
    return loadConfig(appName, schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
