// n8n in queue mode for the end-to-end test (e2e-queue.mjs) and the queue-mode benchmark
// (bench/queue-mode.mjs): PostgreSQL and Redis as local processes with throwaway data folders, one
// `n8n start` (main) plus N `n8n worker`s, the DashScope simulator in this process (its task records
// and request log are read directly), and a webhook workflow Webhook → Split Out → Wan → Respond.
//
// Plain ESM like the rest of test/e2e (runs on the system Node; n8n runs on the Node it was installed for).
//
// Services: PostgreSQL and Redis come from Debian's packages. When their programs are missing and we
// are root with apt-get, `ensureServices()` installs them (`apt-get install -y postgresql
// redis-server`, quietly, with a temporary policy-rc.d so that apt does not start the system
// services). They run on free loopback ports with data folders inside the work folder; PostgreSQL
// runs as the `postgres` user when we are root (it refuses root). Every process is started in its own
// process group and stopped by its PID; an exit handler kills whatever is still running if the test
// process dies first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import { childEnv, copyDir, freePort, installPackage, killGroup, QUIET_N8N_ENV, run, startBackground, waitForPort } from './lib.mjs';

export const NODE_TYPE = 'n8n-nodes-wan.wan';
export const CRED_TYPE = 'dashScopeApi';
export const ENCRYPTION_KEY = 'n8n-nodes-wan-e2e-queue-encryption-key';
/**
 * The binary data mode used in queue mode. n8n does not support `filesystem` in queue mode (each
 * process has its own disk; docs: "If you're using queue mode, switch this to `database`"). n8n 2.x
 * (2.8.4 and 2.41.1 alike) defaults to `database` in queue mode (n8n-core BinaryDataConfig:
 * `mode ??= executions.mode === 'queue' ? 'database' : 'filesystem'`), stores each file in the
 * `binary_data` table (at most N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE MiB, default 512), and has
 * removed the in-memory `default` mode (still accepted, deprecated); `s3` needs an enterprise licence.
 */
export const QUEUE_BINARY_MODE = 'database';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// Every process we start, so that an exit (also a crash) stops them by PID.

const live = new Set();
let exitHookInstalled = false;
function track(proc, hardSignal = 'SIGKILL') {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const p of live) killGroup(p.child, p.hardSignal);
		});
		for (const sig of ['SIGINT', 'SIGTERM']) {
			process.once(sig, () => {
				for (const p of live) killGroup(p.child, p.hardSignal);
				process.exit(130);
			});
		}
	}
	const entry = { child: proc.child, hardSignal };
	live.add(entry);
	proc.child.once('close', () => live.delete(entry));
	return proc;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL and Redis from Debian's packages

function which(name, extraDirs = []) {
	for (const dir of [...extraDirs, ...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
		if (!dir) continue;
		const f = path.join(dir, name);
		try {
			fs.accessSync(f, fs.constants.X_OK);
			return f;
		} catch {
			/* next */
		}
	}
	return null;
}

/** Debian keeps initdb/postgres in /usr/lib/postgresql/<major>/bin (not on PATH): the newest one. */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((d) => /^\d+$/.test(d))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	for (const m of majors) {
		const bin = path.join(root, m, 'bin');
		if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
	}
	const initdb = which('initdb');
	return initdb && fs.existsSync(path.join(path.dirname(initdb), 'postgres')) ? path.dirname(initdb) : null;
}

function findServices() {
	const pgBin = findPostgresBin();
	const psql = pgBin ? which('psql', [pgBin]) : which('psql');
	const redisServer = which('redis-server');
	const missing = [];
	if (!pgBin || !psql) missing.push('postgresql');
	if (!redisServer) missing.push('redis-server');
	return { pgBin, psql, redisServer, missing };
}

/**
 * The PostgreSQL and Redis programs; installs the Debian packages when they are missing (root and
 * apt-get only). Idempotent: a second call finds them and returns at once.
 */
export async function ensureServices({ logDir } = {}) {
	let found = findServices();
	if (!found.missing.length) return found;
	const apt = which('apt-get');
	if (!isRoot() || !apt) {
		throw new Error(`${found.missing.join(' and ')} not found; install them (Debian: apt-get install -y postgresql redis-server)`);
	}
	const logFile = (name) => (logDir ? path.join(logDir, name) : undefined);
	const env = { ...childEnv(), DEBIAN_FRONTEND: 'noninteractive' };
	// Another apt run (a parallel session, unattended upgrades) holds the lock: wait for it.
	const lock = ['-o', 'DPkg::Lock::Timeout=600'];
	const install = () =>
		run(apt, [...lock, 'install', '-y', '-qq', '--no-install-recommends', 'postgresql', 'redis-server'], {
			env,
			timeoutMs: 900_000,
			logFile: logFile('apt-get-install.log'),
		});
	// Keep apt from starting the system-wide services (we run our own, on other ports).
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\n# written by n8n-nodes-wan test/e2e/queue-cluster.mjs during apt-get install\nexit 101\n', { mode: 0o755 });
	try {
		let res = await install();
		if (res.code !== 0) {
			// A clean machine may have no package lists yet.
			await run(apt, [...lock, 'update', '-qq'], { env, timeoutMs: 600_000, logFile: logFile('apt-get-update.log') });
			res = await install();
		}
		if (res.code !== 0) throw new Error(`apt-get install postgresql redis-server failed (code ${res.code}):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	found = findServices();
	if (found.missing.length) throw new Error(`still missing after apt-get install: ${found.missing.join(', ')}`);
	return found;
}

/** uid/gid of the `postgres` user when we are root (PostgreSQL refuses to run as root); {} otherwise. */
function postgresUser() {
	if (!isRoot()) return {};
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** True if every ancestor of `dir` lets other users through (the `postgres` user must reach its data folder). */
function traversable(dir) {
	for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
		if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false;
	}
	return true;
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1:<free port>, trust authentication, durability off (it
 * is thrown away), database `n8n`. `query(sql)` runs SQL through psql and returns the rows as objects.
 */
export async function startPostgres(services, dataDir, { logDir } = {}) {
	const user = postgresUser();
	let dir = dataDir;
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	if (user.uid !== undefined && !traversable(path.dirname(dir))) {
		dir = fs.mkdtempSync('/tmp/wan-e2e-pg-'); // the postgres user cannot reach the work folder
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { mode: 0o700 });
	if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
	const env = { ...childEnv(), LC_ALL: 'C', LANG: 'C' };
	const init = await run(
		path.join(services.pgBin, 'initdb'),
		['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
		{ ...user, env, cwd: dir, timeoutMs: 120_000, logFile: logDir && path.join(logDir, 'initdb.log') },
	);
	if (init.code !== 0) throw new Error(`initdb failed (code ${init.code}):\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const proc = track(
		startBackground(
			path.join(services.pgBin, 'postgres'),
			[
				'-D', dir,
				'-p', String(port),
				'-c', 'listen_addresses=127.0.0.1',
				'-c', `unix_socket_directories=${dir}`,
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off',
				'-c', 'max_connections=100',
			],
			{ ...user, env, cwd: dir, logFile: logDir && path.join(logDir, 'postgres.log') },
		),
		'SIGQUIT', // immediate shutdown if the test process dies
	);
	await proc.waitFor(/database system is ready to accept connections/, 60_000);
	await waitForPort(port, 10_000);
	const psql = async (sql, db = 'n8n') => {
		const res = await run(
			services.psql,
			['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql],
			{ env, timeoutMs: 60_000 },
		);
		if (res.code !== 0) throw new Error(`psql failed (code ${res.code}) on: ${sql}\n${res.stderr}`);
		return res.stdout;
	};
	await psql('CREATE DATABASE n8n', 'postgres');
	return {
		port,
		pid: proc.child.pid,
		dir,
		proc,
		psql,
		/** The rows of a SELECT as plain objects (json_agg). */
		async query(sql) {
			const out = (await psql(`SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`)).trim();
			return JSON.parse(out || '[]');
		},
		async stop() {
			await proc.stop('SIGINT'); // fast shutdown
			if (dir !== dataDir) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A throwaway Redis on 127.0.0.1:<free port>, no persistence. */
export async function startRedis(services, dataDir, { logDir } = {}) {
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const proc = track(
		startBackground(
			services.redisServer,
			['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
			{ env: childEnv(), cwd: dataDir, logFile: logDir && path.join(logDir, 'redis.log') },
		),
	);
	await proc.waitFor(/Ready to accept connections/, 30_000);
	await waitForPort(port, 10_000);
	return { port, pid: proc.child.pid, proc, stop: () => proc.stop() };
}

// ---------------------------------------------------------------------------------------------
// The simulator, in this process (its task records and request log are read directly)

/** Starts the DashScope simulator (build/test/simulator) on free loopback ports. */
export async function startSimulator(simulatorCli, options = {}) {
	const require = createRequire(import.meta.url);
	const { startSimulator: start } = require(path.join(path.dirname(path.resolve(simulatorCli)), 'index.js'));
	return start({ host: '127.0.0.1', port: 0, filePort: 0, ...options });
}

// ---------------------------------------------------------------------------------------------
// The workflow

/**
 * Webhook (POST /webhook/<path>, body `{ prompts: [{ prompt }, …] }`) → Split Out (one item per
 * prompt) → Wan Text to Video → Respond to Webhook with every item's json and binary metadata.
 */
export function queueWorkflow({ id, webhookPath, cred, model = 'wan2.6-t2v' }) {
	return {
		id,
		name: `e2e queue mode (${webhookPath})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'b0e1c0de-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b0e1c0de-0000-4000-8000-0000000000aa',
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'responseNode', options: {} },
			},
			{
				id: 'b0e1c0de-0000-4000-8000-000000000002',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.prompts', options: {} },
			},
			{
				id: 'b0e1c0de-0000-4000-8000-000000000003',
				name: 'Wan',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'video',
					operation: 'textToVideo',
					model,
					prompt: '={{ $json.prompt }}',
					size: '1280*720',
					duration: 5,
					additionalFields: {},
					options: {},
				},
				credentials: { [CRED_TYPE]: { id: cred.id, name: cred.name } },
			},
			{
				id: 'b0e1c0de-0000-4000-8000-000000000004',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [660, 0],
				parameters: {
					respondWith: 'json',
					// Every item: its json and its binary's metadata (the bytes stay in n8n's binary store).
					responseBody:
						'={{ JSON.stringify({ items: $input.all().map(i => ({ json: i.json, binary: i.binary && i.binary.data ? ' +
						'{ id: i.binary.data.id, mimeType: i.binary.data.mimeType, fileName: i.binary.data.fileName, fileSize: i.binary.data.fileSize, bytes: i.binary.data.bytes, inline: typeof i.binary.data.data === "string" && i.binary.data.data.length > 64 } : null })) }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Wan', type: 'main', index: 0 }]] },
			Wan: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
	};
}

/** The prompts of execution `run` (distinct across runs, so the simulator's tasks map back to items). */
export const promptsFor = (label, run, items) =>
	Array.from({ length: items }, (_, i) => ({ prompt: `${label} run ${run} item ${i + 1}: a paper boat drifts down a river at dawn` }));

// ---------------------------------------------------------------------------------------------
// The cluster

/**
 * n8n in queue mode: PostgreSQL, Redis, one main (`n8n start`, serving the webhook) and `workers`
 * `n8n worker` processes, each with its own user folder holding the installed package (as on separate
 * machines; only the database and Redis are shared).
 */
export class QueueCluster {
	/**
	 * @param {object} o
	 * @param {{version:string,node:string,nodeBinDir:string,n8nBin:string}} o.n8n  from locateN8n()
	 * @param {string} o.work     scratch folder (created afresh)
	 * @param {string} o.tarball  the packed package
	 * @param {number} [o.workers=2]  0: regular mode, the main runs the executions (same database)
	 * @param {number} [o.workerConcurrency=10]  jobs per worker (n8n's default)
	 * @param {string} [o.binaryMode]
	 */
	constructor({ n8n, work, tarball, workers = 2, workerConcurrency = 10, binaryMode = QUEUE_BINARY_MODE }) {
		Object.assign(this, { n8n, work, tarball, workerCount: workers, workerConcurrency, binaryMode });
		this.logDir = path.join(work, 'logs');
		this.runs = 0;
		this.workers = [];
	}

	env(userFolder, extra = {}) {
		return {
			...childEnv(),
			PATH: `${this.n8n.nodeBinDir}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pg.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: 'postgres', // trust authentication: not checked
			// No workers: regular mode (the main runs the executions), for comparisons in the benchmark.
			EXECUTIONS_MODE: this.workerCount > 0 ? 'queue' : 'regular',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: this.binaryMode,
			...QUIET_N8N_ENV,
			// Workers log "Worker started execution <id>", the main "Enqueued execution <id>" at info.
			N8N_LOG_LEVEL: 'info',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...extra,
		};
	}

	/** One n8n CLI command (import, publish) against the cluster's database. */
	async cli(args, label) {
		const n = ++this.runs;
		const logFile = path.join(this.logDir, `cli-${String(n).padStart(2, '0')}-${label ?? args[0].replace(/\W/g, '_')}.log`);
		const env = this.env(this.userFolder('main'), { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const res = await run(this.n8n.node, [this.n8n.n8nBin, ...args], { env, cwd: this.work, timeoutMs: 300_000, logFile });
		res.logFile = logFile;
		return res;
	}

	userFolder(name) {
		return path.join(this.work, 'users', name);
	}

	/**
	 * Starts everything: services, user folders, imports `credentials` and `workflows` into the
	 * database, publishes the workflows, then the main and the workers in parallel; resolves once the
	 * main has activated every workflow and every worker is ready.
	 */
	async start({ services, credentials, workflows }) {
		fs.rmSync(this.work, { recursive: true, force: true });
		fs.mkdirSync(this.logDir, { recursive: true });
		const t0 = Date.now();
		this.timings = {};
		const lap = (name) => (this.timings[name] = Date.now() - t0);

		const [pg, redis] = await Promise.all([
			startPostgres(services, path.join(this.work, 'postgres'), { logDir: this.logDir }),
			startRedis(services, path.join(this.work, 'redis'), { logDir: this.logDir }),
			(async () => {
				const template = this.userFolder('template');
				await installPackage(this.tarball, template, { logFile: path.join(this.logDir, 'npm-install-package.log') });
				for (const name of ['main', ...Array.from({ length: this.workerCount }, (_, i) => `worker-${i + 1}`)]) {
					copyDir(template, this.userFolder(name));
				}
			})(),
		]);
		this.pg = pg;
		this.redis = redis;
		lap('services');

		const credFile = path.join(this.work, 'credentials.json');
		fs.writeFileSync(credFile, JSON.stringify(credentials, null, 2));
		const ic = await this.cli(['import:credentials', `--input=${credFile}`]);
		fs.rmSync(credFile); // holds the keys in clear
		assertCli(ic, /Successfully imported \d+ credentials?/);
		lap('migrated');
		// The database is migrated: the workers start while the workflow is imported and published
		// (they need neither; they wait for jobs).
		for (let i = 1; i <= this.workerCount; i++) {
			const name = `worker-${i}`;
			const proc = track(
				startBackground(this.n8n.node, [this.n8n.n8nBin, 'worker', `--concurrency=${this.workerConcurrency}`], {
					env: this.env(this.userFolder(name), {
						N8N_RUNNERS_BROKER_PORT: String(await freePort()),
						QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					}),
					cwd: this.work,
					logFile: path.join(this.logDir, `${name}.log`),
				}),
			);
			this.workers.push({ name, proc });
		}
		const wfFile = path.join(this.work, 'workflows.json');
		fs.writeFileSync(wfFile, JSON.stringify(workflows, null, 2));
		assertCli(await this.cli(['import:workflow', `--input=${wfFile}`]), /Successfully imported \d+ workflows?/);
		for (const wf of workflows) {
			// n8n 2.x activates by publishing a version; 1.x had `update:workflow --active=true`.
			let res = await this.cli(['publish:workflow', `--id=${wf.id}`], `publish-${wf.id}`);
			if (/command .*not found|Unknown command|is not a n8n command/i.test(res.stdout + res.stderr)) {
				res = await this.cli(['update:workflow', `--id=${wf.id}`, '--active=true'], `activate-${wf.id}`);
			}
			assertCli(res, /Publishing workflow|Activating workflow|activated|published/i);
		}
		lap('imported');

		const mainPort = await freePort();
		this.baseUrl = `http://127.0.0.1:${mainPort}`;
		this.main = track(
			startBackground(this.n8n.node, [this.n8n.n8nBin, 'start'], {
				env: this.env(this.userFolder('main'), {
					N8N_PORT: String(mainPort),
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					N8N_HOST: '127.0.0.1',
					N8N_PROTOCOL: 'http',
					N8N_SECURE_COOKIE: 'false',
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				}),
				cwd: this.work,
				logFile: path.join(this.logDir, 'main.log'),
			}),
		);
		await Promise.all([
			(async () => {
				await this.main.waitFor(/Editor is now accessible via/, 240_000);
				// 2.8.4 logs "Activated workflow …"; 2.41.1 activates published workflows in the background
				// without a log line. Both answer a CORS preflight for a registered production webhook.
				for (const wf of workflows) {
					const hook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
					if (hook) await this.waitForWebhook(hook.parameters.path, hook.parameters.httpMethod ?? 'GET', 120_000);
				}
			})(),
			...this.workers.map((w) => w.proc.waitFor(/n8n worker is now ready/, 240_000)),
		]);
		lap('ready');
		return this;
	}

	/**
	 * Resolves once the main serves the production webhook: `OPTIONS /webhook/<path>` with an Origin
	 * answers 204 for a registered path and 404 before (n8n looks the path up for the CORS headers),
	 * without starting an execution.
	 */
	async waitForWebhook(webhookPath, method, timeoutMs) {
		const until = Date.now() + timeoutMs;
		let last = '';
		for (;;) {
			try {
				const res = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
					signal: AbortSignal.timeout(10_000),
				});
				if (res.status === 204) return;
				last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
			} catch (error) {
				last = String(error);
			}
			if (Date.now() > until) throw new Error(`webhook ${method} /webhook/${webhookPath} not registered within ${timeoutMs} ms (last: ${last})\n${this.main.output.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	/**
	 * POSTs `body` to the production webhook; resolves { status, body (parsed if JSON), text, ms }.
	 * node:http rather than fetch: undici's 300 s header timeout would cut long benchmark runs.
	 */
	post(webhookPath, body, timeoutMs = 900_000) {
		const t0 = Date.now();
		const payload = Buffer.from(JSON.stringify(body));
		return new Promise((resolve, reject) => {
			const req = http.request(
				`${this.baseUrl}/webhook/${webhookPath}`,
				{ method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length }, timeout: timeoutMs },
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('error', reject);
					res.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						let parsed;
						try {
							parsed = JSON.parse(text);
						} catch {
							parsed = undefined;
						}
						resolve({ status: res.statusCode, body: parsed, text, ms: Date.now() - t0 });
					});
				},
			);
			req.on('timeout', () => req.destroy(new Error(`no answer from the webhook within ${timeoutMs} ms`)));
			req.on('error', reject);
			req.end(payload);
		});
	}

	/**
	 * Which process ran which execution, from the logs: the main's "Enqueued execution <id>" and each
	 * worker's "Worker started/finished execution <id>".
	 */
	executionLog() {
		const ids = (text, re) => [...text.matchAll(re)].map((m) => m[1]);
		return {
			enqueued: ids(this.main.output, /Enqueued execution (\d+)/g),
			workers: this.workers.map((w) => ({
				name: w.name,
				started: ids(w.proc.output, /Worker started execution (\d+)/g),
				finished: ids(w.proc.output, /Worker finished execution (\d+)/g),
			})),
		};
	}

	/** The executions of a workflow in the database (id, mode, status, finished). */
	async executions(workflowId) {
		const id = String(workflowId).replace(/'/g, "''");
		return this.pg.query(`SELECT id::text AS id, mode, status, finished FROM execution_entity WHERE "workflowId" = '${id}' ORDER BY id`);
	}

	/** Waits until the workflow has `count` executions, none of them still new/running. */
	async settledExecutions(workflowId, count, timeoutMs = 60_000) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const rows = await this.executions(workflowId);
			const done = rows.filter((r) => !['new', 'running', 'waiting'].includes(r.status));
			if ((rows.length >= count && done.length === rows.length) || Date.now() > until) return rows;
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	/** Stops the workers, the main, Redis and PostgreSQL (each by PID); never throws. */
	async stop() {
		const quietly = async (f) => {
			try {
				await f?.();
			} catch {
				/* stop what can be stopped */
			}
		};
		await Promise.all([...this.workers.map((w) => quietly(() => w.proc.stop())), quietly(() => this.main?.stop())]);
		await Promise.all([quietly(() => this.redis?.stop()), quietly(() => this.pg?.stop())]);
	}
}

/** An n8n CLI command succeeded: its success line printed, exit 0 (or a signal after it: the known crash on exit). */
function assertCli(res, successLine) {
	const ok = !res.timedOut && successLine.test(res.stdout + res.stderr) && (res.code === 0 || res.signal);
	if (!ok) {
		const tail = (s) => s.split('\n').slice(-30).join('\n');
		throw new Error(
			`n8n ${res.logFile}: exit code=${res.code} signal=${res.signal} timedOut=${res.timedOut}, expected ${successLine}\n` +
				`--- stdout ---\n${tail(res.stdout)}\n--- stderr ---\n${tail(res.stderr)}`,
		);
	}
}

/** The version of the Node that runs n8n (for reports). */
export function nodeVersion(n8n) {
	try {
		return execFileSync(n8n.node, ['--version'], { encoding: 'utf8' }).trim();
	} catch {
		return '?';
	}
}
