// Benchmark: E concurrent production-webhook executions × 5 items in REAL n8n in queue mode (one main +
// 2 workers, PostgreSQL, Redis), against the simulator. The cluster start-up is test/e2e/queue-cluster.mjs,
// shared with the end-to-end test. It PRINTS ratios and never fails (exit code 0).
//
//   npm run bench:queue                          (= build, build:test, node bench/queue-mode.mjs)
//   node bench/queue-mode.mjs [--executions 1,4,20] [--workers 2] [--concurrency 2] [--task-seconds 3]
//                             [--target 2.8.4:20] [--query-qps 20]
//
// Per E it reports:
//   - wall time / the concurrency bound ⌈E·5 / C⌉ × task seconds (C: the account's concurrency for the
//     model in the simulator; the bound ignores submit pacing, so ~1.0 is the best possible);
//   - 429 answers per 100 API requests (all, submits, task queries);
//   - completion lag: for each task, the first successful GET /tasks/{id} answered after the task ended,
//     minus its end (median, p90), from the simulator's own records (bench/lib.ts detectionLag).
// --workers 0 runs the same workflow in regular mode (the main runs every execution) for comparison.
// Needs the n8n install (test/e2e/install-n8n.sh, run here if missing: minutes), the built simulator
// (build/) and the packed package (packed here); root (or preinstalled PostgreSQL/Redis) as for test:e2e.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { locateN8n } from '../test/e2e/lib.mjs';
import { CRED_TYPE, ensureServices, nodeVersion, promptsFor, QUEUE_BINARY_MODE, QueueCluster, queueWorkflow, startSimulator } from '../test/e2e/queue-cluster.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'wan2.6-t2v';
const ITEMS = 5;
const GOOD_KEY = 'sk-simulator-demo';
const CRED = { id: 'wanBenchQueueCred', name: 'DashScope (simulator, bench)' };
const WORKFLOW_ID = 'wanBenchQueueHook';
const WEBHOOK_PATH = 'wan-bench-queue';

function options() {
	const o = { executions: [1, 4, 20], workers: 2, concurrency: 2, taskSeconds: 3, target: '2.8.4:20', queryQps: 20 };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => inline ?? argv[++i];
		switch (name) {
			case '--executions':
				o.executions = value().split(',').map(Number).filter((n) => n > 0);
				break;
			case '--workers':
				o.workers = Number(value());
				break;
			case '--concurrency':
				o.concurrency = Number(value());
				break;
			case '--task-seconds':
				o.taskSeconds = Number(value());
				break;
			case '--target':
				o.target = value();
				break;
			case '--query-qps':
				o.queryQps = Number(value());
				break;
			default:
				throw new Error(`unknown option ${name}`);
		}
	}
	return o;
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const per100 = (n, of) => (of ? ((100 * n) / of).toFixed(1) : '0.0');

async function main() {
	const o = options();
	const [version, nodeMajor] = o.target.split(':');
	const cache = path.resolve(process.env.E2E_CACHE || path.join(ROOT, '.cache'));
	const work = path.join(cache, 'bench-queue');
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(work, { recursive: true });

	// The statistics of the other benchmarks (compiled by npm run build:test).
	const require = createRequire(import.meta.url);
	const benchLib = path.join(ROOT, 'build/bench/lib.js');
	const simulatorCli = path.join(ROOT, 'build/test/simulator/cli.js');
	if (!fs.existsSync(benchLib) || !fs.existsSync(simulatorCli) || !fs.existsSync(path.join(ROOT, 'dist'))) {
		log('build/ or dist/ missing: run npm run build && npm run build:test (npm run bench:queue does)');
		return;
	}
	const { detectionLag, median, percentile, loadNote } = require(benchLib);

	// n8n (idempotent, returns at once when installed) and the packed package.
	execFileSync('bash', [path.join(ROOT, 'test/e2e/install-n8n.sh'), version, nodeMajor], { stdio: 'inherit', env: { ...process.env, E2E_CACHE: cache } });
	const n8n = locateN8n(cache, version, nodeMajor);
	const tgzName = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
	const tarball = path.join(work, tgzName);

	const services = await ensureServices({ logDir: work });
	const sim = await startSimulator(simulatorCli, {
		taskSeconds: o.taskSeconds,
		pendingSeconds: 0.1,
		limits: { [MODEL]: { concurrency: o.concurrency } },
		queryQps: o.queryQps,
	});
	const mode = o.workers > 0 ? `queue mode, main + ${o.workers} workers` : 'regular mode (main only)';
	log(`# Queue-mode benchmark — n8n ${version} on Node ${nodeVersion(n8n)}, ${mode}, PostgreSQL + Redis, binary data mode ${QUEUE_BINARY_MODE}`);
	log(`# simulator: ${MODEL} concurrency ${o.concurrency}, ${o.taskSeconds} s tasks, account query limit ${o.queryQps}/s; ${ITEMS} items per execution`);
	log(`# ${loadNote().text}; ${os.cpus().length} cores`);
	const cluster = new QueueCluster({ n8n, work: path.join(work, 'cluster'), tarball, workers: o.workers });
	const rows = [];
	try {
		await cluster.start({
			services,
			credentials: [{ ...CRED, type: CRED_TYPE, data: { apiKey: GOOD_KEY, region: 'cn-beijing', baseUrl: sim.apiBaseUrl } }],
			workflows: [queueWorkflow({ id: WORKFLOW_ID, webhookPath: WEBHOOK_PATH, cred: CRED, model: MODEL })],
		});
		log(`# cluster up: ${JSON.stringify(cluster.timings)} ms`);
		// Warm-up (not reported): the first execution on each process loads the node.
		await Promise.all(Array.from({ length: Math.max(1, o.workers) }, (_, k) => cluster.post(WEBHOOK_PATH, { prompts: promptsFor('warm-up', k + 1, 1) })));
		log();

		for (const executions of o.executions) {
			sim.reset();
			const before = cluster.executionLog();
			const prompts = Array.from({ length: executions }, (_, k) => promptsFor(`bench E=${executions}`, k + 1, ITEMS));
			const t0 = Date.now();
			const responses = await Promise.all(
				prompts.map((p, k) => cluster.post(WEBHOOK_PATH, { run: k + 1, prompts: p }).catch((error) => ({ status: 0, text: String(error), ms: Date.now() - t0 }))),
			);
			const wall = Date.now() - t0;

			const items = responses.flatMap((r) => r.body?.items ?? []);
			const succeeded = items.filter((i) => i.json?.status === 'SUCCEEDED').length;
			const failedRuns = responses.filter((r) => r.status !== 200);
			const tasks = executions * ITEMS;
			const bound = Math.ceil(tasks / o.concurrency) * o.taskSeconds * 1000;
			const api = sim.stats.requests.filter((r) => r.host === 'api');
			const submits = api.filter((r) => r.method === 'POST' && /\/services\//.test(r.path));
			const queries = api.filter((r) => /^\/api\/v1\/tasks(\/|$|\?)/.test(r.path.split('?')[0]));
			const count429 = (list) => list.filter((r) => r.status === 429).length;
			const lag = detectionLag(sim);
			const after = cluster.executionLog();
			const perWorker = after.workers.map((w, i) => `${w.name} ${w.started.length - before.workers[i].started.length}`).join(', ');

			log(`## E = ${executions} concurrent executions × ${ITEMS} items (${tasks} tasks)`);
			log(`  ${succeeded}/${tasks} items SUCCEEDED; ${failedRuns.length} execution(s) without an HTTP 200${failedRuns.length ? `: ${failedRuns[0].text.slice(0, 300)}` : ''}`);
			log(`  wall ${fmtS(wall)}; concurrency bound ⌈${tasks}/${o.concurrency}⌉ × ${o.taskSeconds} s = ${fmtS(bound)}; ratio ${(wall / bound).toFixed(3)}`);
			log(
				`  429s: ${count429(api)} of ${api.length} API requests = ${per100(count429(api), api.length)} per 100 ` +
					`(submits ${count429(submits)}/${submits.length}, task queries ${count429(queries)}/${queries.length}); ` +
					`peak task queries in 1 s: ${lag.peakQueriesPerSecond}`,
			);
			log(`  completion lag: median ${fmtS(median(lag.lagsMs))}, p90 ${fmtS(percentile(lag.lagsMs, 90))}, max ${fmtS(Math.max(...lag.lagsMs))}; ${lag.undetected} task(s) never seen ended`);
			if (o.workers > 0) log(`  executions per worker: ${perWorker}`);
			log();
			rows.push({
				executions,
				ok: `${succeeded}/${tasks}`,
				ratio: (wall / bound).toFixed(3),
				per100: per100(count429(api), api.length),
				lag: `${fmtS(median(lag.lagsMs))} / ${fmtS(percentile(lag.lagsMs, 90))}`,
			});
		}
	} catch (error) {
		log(`benchmark ERROR: ${error?.stack ?? error}`);
		log(`(logs in ${work})`);
	} finally {
		await cluster.stop();
		await sim.close();
	}

	if (rows.length) {
		log(`## Summary — ${mode}; issue 23 targets: ratio <= 1.05, <= 1 throttled request per 100 at E = 20, lag p90 <= 2 s`);
		log('| E | items ok | wall / concurrency bound | 429s per 100 requests | lag median / p90 |');
		log('|---|---|---|---|---|');
		for (const r of rows) log(`| ${r.executions} | ${r.ok} | ${r.ratio} | ${r.per100} | ${r.lag} |`);
		log(`# ${loadNote().text}`);
	}
	if (process.env.BENCH_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
}

main()
	.catch((error) => log(`benchmark runner crashed: ${error?.stack ?? error}`))
	.finally(() => process.exit(0));
