import { readFileSync } from 'node:fs';
import { renderReport, writeReport, type BenchResults } from './report/render-report';

/** Renders a saved run again (`npm run bench:render -- <results.json> [BENCHMARKS.md]`): after a change to the report only. */
const [resultsFile, output = 'BENCHMARKS.md'] = process.argv.slice(2);
if (!resultsFile) throw new Error('usage: bench:render <results.json> [output]');
writeReport(output, renderReport(JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults));
process.stdout.write(`rendered ${resultsFile} into ${output}\n`);
