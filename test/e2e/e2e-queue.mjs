// End-to-end test of the packed package in REAL n8n in queue mode: PostgreSQL + Redis + one main +
// 2 workers (test/e2e/queue-cluster.mjs), concurrent production-webhook executions of
// Webhook → Split Out → Wan (Text to Video, 5 items) → Respond to Webhook, against the simulator.
// Started by test/e2e/run-e2e.sh (E2E_ONLY=queue runs only this file; E2E_QUEUE=0 skips it):
//
//   node --test --test-reporter=spec test/e2e/e2e-queue.mjs
//
// Environment: as e2e.mjs (E2E_TARBALL, E2E_WORK, E2E_TARGETS, E2E_CACHE, E2E_SIMULATOR), plus
//   E2E_QUEUE_EXECUTIONS  concurrent webhook executions (default 4), each with 5 items
//   E2E_QUEUE_WORKERS     workers (default 2; 0 = regular mode, which the worker checks must reject)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { assertMp4, e2eSettings, locateN8n, sha256 } from './lib.mjs';
import { CRED_TYPE, ensureServices, nodeVersion, promptsFor, QUEUE_BINARY_MODE, QueueCluster, queueWorkflow, startSimulator } from './queue-cluster.mjs';

const { tarball: TARBALL, work: WORK, cache: CACHE, simulator: SIMULATOR, targets: TARGETS } = e2eSettings();
const EXECUTIONS = Number(process.env.E2E_QUEUE_EXECUTIONS || 4);
const ITEMS = 5;
const WORKERS = Number(process.env.E2E_QUEUE_WORKERS ?? 2);
const GOOD_KEY = 'sk-simulator-demo';
const CRED = { id: 'wanE2eQueueCred1', name: 'DashScope (simulator, queue mode)' };
const WORKFLOW_ID = 'wanE2eQueueHook1';
const WEBHOOK_PATH = 'wan-e2e-queue';

describe('queue mode', { concurrency: false }, () => {
	let services;
	before(async () => {
		fs.mkdirSync(WORK, { recursive: true });
		services = await ensureServices({ logDir: WORK });
	});

	for (const spec of TARGETS) {
		describe(`n8n ${spec.version} on Node ${spec.nodeMajor}: main + ${WORKERS} workers, PostgreSQL, Redis`, { concurrency: false }, () => {
			let sim;
			let cluster;
			before(async () => {
				assert.ok(fs.existsSync(SIMULATOR), `simulator not built: ${SIMULATOR} (npm run build:test?)`);
				// Tasks run 2 s; the model's concurrency (5) and submit rate (5/s) are the simulator's defaults.
				sim = await startSimulator(SIMULATOR, { taskSeconds: 2, pendingSeconds: 0.2 });
				cluster = new QueueCluster({
					n8n: locateN8n(CACHE, spec.version, spec.nodeMajor),
					work: path.join(WORK, `queue-n8n-${spec.version}`),
					tarball: TARBALL,
					workers: WORKERS,
				});
				await cluster.start({
					services,
					credentials: [{ ...CRED, type: CRED_TYPE, data: { apiKey: GOOD_KEY, region: 'cn-beijing', baseUrl: sim.apiBaseUrl } }],
					workflows: [queueWorkflow({ id: WORKFLOW_ID, webhookPath: WEBHOOK_PATH, cred: CRED })],
				});
			});
			after(async () => {
				await cluster?.stop();
				await sim?.close();
			});

			it(`${EXECUTIONS} concurrent webhook executions × ${ITEMS} items all succeed on the workers`, async (t) => {
				t.diagnostic(
					`n8n ${spec.version} on Node ${nodeVersion(cluster.n8n)}; binary data mode ${QUEUE_BINARY_MODE}; ` +
						`start-up ${JSON.stringify(cluster.timings)} ms`,
				);
				const prompts = Array.from({ length: EXECUTIONS }, (_, k) => promptsFor('e2e', k + 1, ITEMS));
				const t0 = Date.now();
				const responses = await Promise.all(prompts.map((p, k) => cluster.post(WEBHOOK_PATH, { run: k + 1, prompts: p })));
				const wall = Date.now() - t0;

				// 1. Every webhook answered with its 5 items, each a SUCCEEDED task with its video stored by n8n.
				const byTask = new Map();
				for (const [k, res] of responses.entries()) {
					const where = `execution ${k + 1}`;
					assert.equal(res.status, 200, `${where}: HTTP ${res.status}: ${res.text.slice(0, 1500)}`);
					const items = res.body?.items;
					assert.ok(Array.isArray(items), `${where}: no items in ${res.text.slice(0, 500)}`);
					assert.equal(items.length, ITEMS, `${where}: item count`);
					for (const [i, item] of items.entries()) {
						const at = `${where} item ${i + 1}`;
						const { taskId, status } = item.json ?? {};
						assert.equal(typeof taskId, 'string', `${at}: json.taskId (${JSON.stringify(item.json).slice(0, 400)})`);
						assert.equal(status, 'SUCCEEDED', `${at}: json.status`);
						assert.ok(!byTask.has(taskId), `${at}: task ${taskId} also returned for ${byTask.get(taskId)?.at}`);
						const task = sim.tasks.get(taskId);
						assert.ok(task, `${at}: the simulator has no task ${taskId}`);
						// Items keep their order and pairing: the task was submitted with this item's prompt.
						assert.equal(task.input.prompt, prompts[k][i].prompt, `${at}: task ${taskId} was made for another prompt`);
						assert.equal(task.status, 'SUCCEEDED', `${at}: task status in the simulator`);
						const bin = item.binary;
						assert.ok(bin, `${at}: no binary.data`);
						assert.equal(bin.mimeType, 'video/mp4', `${at}: binary mimeType`);
						assert.ok(!bin.inline, `${at}: binary inline in the execution data although the mode is ${QUEUE_BINARY_MODE}`);
						assert.match(String(bin.id), new RegExp(`^${QUEUE_BINARY_MODE}:`), `${at}: binary id ${bin.id}`);
						byTask.set(taskId, { at, task, fileId: String(bin.id).slice(QUEUE_BINARY_MODE.length + 1), bytes: bin.bytes });
					}
				}

				// 2. No duplicate task in the simulator: exactly one task per item, each prompt submitted once.
				assert.equal(sim.tasks.size, EXECUTIONS * ITEMS, `the simulator holds ${sim.tasks.size} tasks for ${EXECUTIONS * ITEMS} items`);
				const submittedPrompts = [...sim.tasks.values()].map((task) => task.input.prompt);
				assert.equal(new Set(submittedPrompts).size, submittedPrompts.length, 'a prompt was submitted twice');

				// 3. The videos n8n stored (binary_data table) are the files the simulator served.
				const fileIds = [...byTask.values()].map((v) => `'${v.fileId.replace(/'/g, "''")}'`).join(',');
				const stored = await cluster.pg.query(
					`SELECT "fileId"::text AS "fileId", "sourceId", "fileSize", encode(sha256(data), 'hex') AS sha256 FROM binary_data WHERE "fileId"::text IN (${fileIds})`,
				);
				const storedById = new Map(stored.map((row) => [row.fileId, row]));
				for (const { at, task, fileId } of byTask.values()) {
					const row = storedById.get(fileId);
					assert.ok(row, `${at}: binary ${fileId} is not in the binary_data table`);
					const served = Buffer.from(await (await fetch(task.resultUrl)).arrayBuffer());
					assertMp4(served);
					assert.equal(row.fileSize, served.length, `${at}: stored size vs the served file`);
					assert.equal(row.sha256, sha256(served), `${at}: stored bytes differ from the served file ${task.resultUrl}`);
				}

				// 4. The workers ran the executions: the database has them as webhook executions, the main
				//    enqueued each one and exactly one worker started and finished it.
				const rows = await cluster.settledExecutions(WORKFLOW_ID, EXECUTIONS);
				assert.equal(rows.length, EXECUTIONS, `executions in the database: ${JSON.stringify(rows)}`);
				for (const row of rows) {
					assert.equal(row.mode, 'webhook', `execution ${row.id}: mode`);
					assert.equal(row.status, 'success', `execution ${row.id}: status`);
					assert.equal(row.finished, true, `execution ${row.id}: finished`);
				}
				const log = cluster.executionLog();
				for (const row of rows) {
					assert.ok(log.enqueued.includes(row.id), `the main did not enqueue execution ${row.id} (enqueued: ${log.enqueued.join(', ')})`);
					const ranOn = log.workers.filter((w) => w.started.includes(row.id));
					assert.equal(ranOn.length, 1, `execution ${row.id} started on ${ranOn.map((w) => w.name).join(', ') || 'no worker'}`);
					assert.ok(ranOn[0].finished.includes(row.id), `${ranOn[0].name} did not finish execution ${row.id}`);
				}

				// 5. Report (no verdict on timing or 429s: they depend on the machine and on pacing across processes).
				const s = sim.stats;
				const apiRequests = s.requests.filter((r) => r.host === 'api').length;
				t.diagnostic(
					`${EXECUTIONS} × ${ITEMS} items in ${(wall / 1000).toFixed(1)} s; per worker: ` +
						log.workers.map((w) => `${w.name} ${w.started.length} execution(s)`).join(', '),
				);
				t.diagnostic(
					`simulator: ${s.submits} tasks from ${s.submitRequests} submit requests, ${s.queries} task queries, ${s.lists} list calls; ` +
						`429s: ${s.rejected429} of ${apiRequests} API requests (${((100 * s.rejected429) / Math.max(1, apiRequests)).toFixed(1)} per 100)`,
				);
			});
		});
	}
});
