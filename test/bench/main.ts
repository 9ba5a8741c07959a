import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repositoryRoot } from '@app/stack';
import { runBench } from './bench';
import { parseBenchArguments } from './bench-options';
import { formatMarkdown, formatText } from './bench-table';

/** `npm run bench`: runs every row, prints the table and the goals, writes JSON and Markdown. */
async function main(): Promise<void> {
  const options = parseBenchArguments(process.argv.slice(2));
  const report = await runBench(options, (line) => process.stderr.write(`${line}\n`));
  const folder = resolve(repositoryRoot(), options.outputDir);
  mkdirSync(folder, { recursive: true });
  const name = `bench-${report.startedAt.replace(/[:.]/g, '-')}`;
  writeFileSync(join(folder, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(folder, `${name}.md`), formatMarkdown(report));
  process.stdout.write(`\n${formatText(report)}\n\nWritten: ${join(options.outputDir, name)}.json and .md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
