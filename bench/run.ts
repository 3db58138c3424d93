/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Benchmarks of the Wan node against the DashScope simulator, inside real n8n-core. They PRINT ratios and
// never fail the build: a missed target is a "FAIL" mark in the table, and the exit code stays 0.
//
//   npm run build && npm run build:test && node build/bench/run.js [throughput] [lag] [memory] [executions] [memory-n8n] [memory-stack]
//   (npm run bench -- memory-n8n)
//
// With no names, the first four run (about 7 minutes); memory-n8n and memory-stack (real n8n installs, several minutes) only when named.
import { benchExecutions } from './executions';
import { benchLag } from './lag';
import { loadNote, log, reproduce, warmUp } from './lib';
import type { Row } from './lib';
import { benchMemory } from './memory';
import { benchMemoryN8n } from './memory-n8n';
import { benchMemoryStack } from './memory-stack';
import { benchThroughput } from './throughput';

const BENCHMARKS: Record<string, () => Promise<Row[]>> = {
	throughput: benchThroughput,
	lag: benchLag,
	memory: benchMemory,
	executions: benchExecutions,
	'memory-n8n': benchMemoryN8n,
	'memory-stack': benchMemoryStack,
};

function table(rows: Row[]): string {
	const mark = (row: Row) => (row.pass === undefined ? '·' : row.pass ? 'PASS' : 'FAIL');
	const header = ['benchmark', 'measured', 'target', 'ok', 'reproduce'];
	const cells = rows.map((r) => [r.benchmark, r.measured, r.target, mark(r), r.command]);
	const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
	const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
	const unknown = asked.filter((a) => !BENCHMARKS[a]);
	if (unknown.length) {
		log(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
		return;
	}
	const names = asked.length ? asked : Object.keys(BENCHMARKS).filter((n) => n !== 'memory-n8n' && n !== 'memory-stack');
	const before = loadNote();
	const started = Date.now();
	log(`# n8n-nodes-wan benchmarks (${names.join(', ')}) — Node ${process.version}; ${before.text}`);
	log();

	const rows: Row[] = [];
	if (names.some((n) => !n.startsWith('memory'))) await warmUp();
	for (const name of names) {
		try {
			rows.push(...(await BENCHMARKS[name]()));
		} catch (error) {
			log(`  ${name}: ERROR ${(error as Error)?.stack ?? String(error)}`);
			log();
			rows.push({ benchmark: `${name}: did not complete`, measured: `ERROR: ${String((error as Error)?.message ?? error).slice(0, 90)}`, target: '-', pass: false, command: reproduce(name) });
		}
	}

	const after = loadNote();
	log(`## Summary (${((Date.now() - started) / 1000).toFixed(0)} s; load at start: ${before.text}; at end: ${after.text})`);
	log(table(rows));
	if (before.noisy || after.noisy) log('Note: the machine was busy with other processes during the run; wall-time ratios and lags may be inflated.');
	const failed = rows.filter((r) => r.pass === false).length;
	log(failed ? `${failed} target(s) missed (benchmarks report, they do not fail the build).` : 'All targets met.');
}

main()
	.catch((error: unknown) => {
		log(`benchmark runner crashed: ${(error as Error)?.stack ?? String(error)}`);
	})
	// Exit explicitly: n8n-core keeps handles open; exiting also runs the harness's temp-dir cleanup.
	.finally(() => process.exit(0));
