// Benchmark 1: throughput vs. the model's concurrency. 50 items in ONE execution against a simulator whose
// limits equal the node's table (wan2.6-t2v: 5 submits/s, 5 running), compared with the sequential pattern.
import { kit } from '../test/node/kit';
import type { RunNodeResult } from '../test/harness';
import { detectionLag, fmtS, log, median, MODEL, percentile, promptItems, reproduce, T2V_FROM_ITEMS } from './lib';
import type { Row } from './lib';

export const ITEMS = 50;
/** Concurrency and submit rate of wan2.6-t2v in the node's model table (nodes/Wan/models/video/textToVideo.ts). */
export const CONCURRENCY = 5;
export const SUBMIT_RPS = 5;
/** Seconds each task spends RUNNING in the simulator. */
export const TASK_SECONDS = 4;
export const PENDING_SECONDS = 0.1;
/** The sequential pattern is timed on fewer items (it is ~C times slower) and extrapolated to 50. */
export const SEQUENTIAL_ITEMS = 5;
export const TARGET_RATIO = 1.1;

const simOptions = () => ({
	taskSeconds: TASK_SECONDS,
	pendingSeconds: PENDING_SECONDS,
	limits: { [MODEL]: { rps: SUBMIT_RPS, concurrency: CONCURRENCY } },
});

const ideal = (items: number) => Math.ceil(items / CONCURRENCY) * TASK_SECONDS * 1000;

function check(result: RunNodeResult, expected: number, what: string): void {
	if (result.error) throw new Error(`${what}: the node failed: ${result.error.message}`);
	const ok = result.items.filter((i) => i.json.status === 'SUCCEEDED' && i.binary?.data).length;
	if (ok !== expected) throw new Error(`${what}: ${ok} of ${expected} items succeeded with a video`);
}

export async function benchThroughput(): Promise<Row[]> {
	const command = reproduce('throughput');
	log(`## 1. Throughput vs concurrency — ${ITEMS} items, ${MODEL} (simulator: ${SUBMIT_RPS} submits/s, concurrency ${CONCURRENCY}, ${TASK_SECONDS} s running, ${PENDING_SECONDS} s min pending)`);

	// Parallel: one execution with all items.
	const k = await kit(simOptions());
	let parallelWall: number;
	let parallel429: number;
	let queuedLag: ReturnType<typeof detectionLag>;
	try {
		const started = Date.now();
		const result = await k.run(T2V_FROM_ITEMS, { inputItems: promptItems(ITEMS) });
		parallelWall = Date.now() - started;
		check(result, ITEMS, 'parallel run');
		parallel429 = k.sim.stats.rejected429;
		const tasks = [...k.sim.tasks.values()];
		const firstSubmit = Math.min(...tasks.map((t) => t.submittedAt));
		const lastSubmit = Math.max(...tasks.map((t) => t.submittedAt));
		const lastEnd = Math.max(...tasks.map((t) => t.endedAt ?? 0));
		const lag = (queuedLag = detectionLag(k.sim));
		log(`  one execution: wall ${fmtS(parallelWall)}, ideal ceil(${ITEMS}/${CONCURRENCY}) x ${TASK_SECONDS} s = ${fmtS(ideal(ITEMS))}, ratio ${(parallelWall / ideal(ITEMS)).toFixed(3)}`);
		log(`    breakdown: node start → first submit ${fmtS(firstSubmit - started)}, submits spread over ${fmtS(lastSubmit - firstSubmit)}, ` +
			`service makespan (first submit → last task end) ${fmtS(lastEnd - firstSubmit)}, last task end → node done ${fmtS(started + parallelWall - lastEnd)}`);
		log(`    detection lag in this run (tasks queued behind concurrency ${CONCURRENCY}): median ${fmtS(median(lag.lagsMs))}, max ${fmtS(Math.max(...lag.lagsMs))}; ` +
			`GET task queries ${k.sim.stats.queries}; 429s ${parallel429}`);
	} finally {
		await k.close();
	}

	// Sequential pattern: one execution per item, one after another (submit, wait, next item).
	const s = await kit(simOptions());
	let sequentialWall: number;
	let sequential429: number;
	const perItem: number[] = [];
	try {
		const started = Date.now();
		for (const item of promptItems(SEQUENTIAL_ITEMS, 'sequential')) {
			const t0 = Date.now();
			const result = await s.run(T2V_FROM_ITEMS, { inputItems: [item] });
			perItem.push(Date.now() - t0);
			check(result, 1, 'sequential run');
		}
		sequentialWall = Date.now() - started;
		sequential429 = s.sim.stats.rejected429;
	} finally {
		await s.close();
	}
	const sequentialRatio = sequentialWall / ideal(SEQUENTIAL_ITEMS);
	const extrapolated = (sequentialWall / SEQUENTIAL_ITEMS) * ITEMS;
	log(`  sequential (${SEQUENTIAL_ITEMS} single-item executions back to back): wall ${fmtS(sequentialWall)}, ideal ${fmtS(ideal(SEQUENTIAL_ITEMS))}, ratio ${sequentialRatio.toFixed(3)}; ` +
		`median per item ${fmtS(median(perItem))} (task ${TASK_SECONDS} s); extrapolated to ${ITEMS} items ${fmtS(extrapolated)} = ${(extrapolated / ideal(ITEMS)).toFixed(2)} x ideal`);
	log(`  speed-up of one batched execution over the sequential pattern: ${(extrapolated / parallelWall).toFixed(2)}x`);
	log();

	const parallelRatio = parallelWall / ideal(ITEMS);
	return [
		{
			benchmark: `1 throughput: ${ITEMS} items, one execution, wall / ideal`,
			measured: `${parallelRatio.toFixed(3)} (${fmtS(parallelWall)} / ${fmtS(ideal(ITEMS))})`,
			target: `<= ${TARGET_RATIO.toFixed(2)}`,
			pass: parallelRatio <= TARGET_RATIO,
			command,
		},
		{
			benchmark: `1 throughput: sequential pattern (${SEQUENTIAL_ITEMS} single-item runs), wall / ideal`,
			measured: `${sequentialRatio.toFixed(3)} (${fmtS(sequentialWall)} / ${fmtS(ideal(SEQUENTIAL_ITEMS))}); ~${fmtS(extrapolated)} for ${ITEMS}`,
			target: 'info (comparison)',
			command,
		},
		{
			benchmark: `1 throughput: detection lag in this run (queued behind concurrency ${CONCURRENCY})`,
			measured: `median ${fmtS(median(queuedLag.lagsMs))}, p90 ${fmtS(percentile(queuedLag.lagsMs, 90))}, peak ${queuedLag.peakQueriesPerSecond} queries/s`,
			target: 'info',
			command,
		},
		{
			benchmark: '1 throughput: simulator rejected429 (batched run + sequential runs)',
			measured: `${parallel429} + ${sequential429}`,
			target: '0',
			pass: parallel429 + sequential429 === 0,
			command,
		},
	];
}
