// Benchmark 4: many executions of one account at once in ONE process (overlapping webhook executions): E
// executions × 5 items, started together through the harness (several WorkflowExecute runs at once), on an
// account limited to concurrency 2 with 3 s tasks (the setup of issue 23). Reports wall time / the
// concurrency bound, 429s per 100 API requests, and the lag from a task's end to the node seeing it.
import { kit } from '../test/node/kit';
import { detectionLag, fmtS, log, median, MODEL, percentile, promptItems, reproduce, T2V_FROM_ITEMS } from './lib';
import type { Row } from './lib';

export const EXECUTIONS = [1, 4, 20];
export const ITEMS_PER_EXECUTION = 5;
export const CONCURRENCY = 2;
export const SUBMIT_RPS = 5;
export const TASK_SECONDS = 3;
export const PENDING_SECONDS = 0.1;
export const TARGET_RATIO = 1.05;
/** At most this many throttled requests per 100 at E = 20 (issue 23). */
export const TARGET_429_PER_100 = 1;

export async function benchExecutions(): Promise<Row[]> {
	const command = reproduce('executions');
	log(`## 4. Executions at once in one process — E executions × ${ITEMS_PER_EXECUTION} items, ${MODEL} (simulator: ${SUBMIT_RPS} submits/s, concurrency ${CONCURRENCY}, ${TASK_SECONDS} s running; results as URLs)`);
	const rows: Row[] = [];
	for (const executions of EXECUTIONS) {
		const k = await kit({ taskSeconds: TASK_SECONDS, pendingSeconds: PENDING_SECONDS, limits: { [MODEL]: { rps: SUBMIT_RPS, concurrency: CONCURRENCY } } });
		try {
			const items = executions * ITEMS_PER_EXECUTION;
			const bound = Math.ceil(items / CONCURRENCY) * TASK_SECONDS * 1000;
			const started = Date.now();
			const runs = await k.runMany(
				Array.from({ length: executions }, (_, e) => ({
					parameters: { ...T2V_FROM_ITEMS, options: { returnAs: 'url' } },
					options: { inputItems: promptItems(ITEMS_PER_EXECUTION, `execution ${e + 1}`) },
				})),
			);
			const wall = Date.now() - started;
			const failed = runs.filter((run) => run.error).length;
			const ok = runs.flatMap((run) => run.items).filter((item) => item.json.status === 'SUCCEEDED').length;
			const api = k.sim.stats.requests.filter((r) => r.host === 'api');
			const submits = api.filter((r) => r.method === 'POST');
			const queries = api.filter((r) => r.method === 'GET');
			const throttled = api.filter((r) => r.status === 429);
			const per100 = (100 * throttled.length) / Math.max(1, api.length);
			const lag = detectionLag(k.sim);
			const ratio = wall / bound;
			log(`  E = ${executions}: ${ok} of ${items} items succeeded (${failed} executions failed), ${k.sim.tasks.size} tasks; wall ${fmtS(wall)}, bound ceil(${items}/${CONCURRENCY}) × ${TASK_SECONDS} s = ${fmtS(bound)}, ratio ${ratio.toFixed(3)}`);
			log(`    requests: ${submits.length} submits (${submits.filter((r) => r.status === 429).length} answered 429), ${queries.length} queries (${queries.filter((r) => r.status === 429).length} answered 429; ${k.sim.stats.lists} list calls) → ${per100.toFixed(2)} throttled per 100`);
			log(`    lag from a task's end to the node's query seeing it: median ${fmtS(median(lag.lagsMs))}, p90 ${fmtS(percentile(lag.lagsMs, 90))}, max ${fmtS(Math.max(...lag.lagsMs))}; peak ${lag.peakQueriesPerSecond} queries in any 1 s`);
			rows.push(
				{
					benchmark: `4 executions in one process: E = ${executions} × ${ITEMS_PER_EXECUTION}, wall / concurrency bound`,
					measured: `${ratio.toFixed(3)} (${fmtS(wall)} / ${fmtS(bound)}; ${ok}/${items} ok)`,
					target: `<= ${TARGET_RATIO.toFixed(2)}`,
					pass: ratio <= TARGET_RATIO && ok === items,
					command,
				},
				{
					benchmark: `4 executions in one process: E = ${executions}, 429s per 100 requests`,
					measured: `${per100.toFixed(2)} (${throttled.length} of ${api.length})`,
					target: executions === 20 ? `<= ${TARGET_429_PER_100}` : 'info',
					pass: executions === 20 ? per100 <= TARGET_429_PER_100 : undefined,
					command,
				},
				{
					benchmark: `4 executions in one process: E = ${executions}, lag median (p90)`,
					measured: `${fmtS(median(lag.lagsMs))} (p90 ${fmtS(percentile(lag.lagsMs, 90))})`,
					target: 'info',
					command,
				},
			);
		} finally {
			await k.close();
		}
	}
	log();
	return rows;
}
