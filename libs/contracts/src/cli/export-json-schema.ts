import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportBusJsonSchemas } from '../json-schema';

/** `npm run contracts:schema [file]`: writes the bus contract as JSON Schema (default docs/bus.schema.json). */
const target = resolve(process.argv[2] ?? 'docs/bus.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(exportBusJsonSchemas(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
