/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Benchmark 4: memory of one large result in REAL n8n (headless `n8n execute`), on every n8n the e2e uses.
//
// For each installed target (n8n 2.8.4 on Node 20, n8n 2.41.1 on Node 24; installs from test/e2e/install-n8n.sh in
// E2E_CACHE, default <repo>/.cache), one Text to Video item runs in `n8n execute` with
// N8N_DEFAULT_BINARY_DATA_MODE=filesystem, the node loaded from dist/ (N8N_CUSTOM_EXTENSIONS). The peak RSS of the
// whole `n8n execute` process tree is sampled every 100 ms. growth = peak with a large result − peak with a small
// (8 KiB) result. The buffered baseline is the same Node holding the file in one Buffer
// (`Buffer.from(await (await fetch(url)).arrayBuffer())`, its own peak RSS growth).
//
// Knobs: MEMORY_N8N_SIZES_MB="100 500 2048" (MiB), MEMORY_N8N_REPEAT=2 (runs per size), MEMORY_N8N_TARGETS="2.8.4 2.41.1", MEMORY_N8N_BUFFERED=0 (skip the
// buffered baseline), MEMORY_N8N_DIST (the built node to load, default dist/), E2E_CACHE. Disk: one result file at a time (removed after each run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { startSimulator } from '../test/simulator';
import type { Simulator } from '../test/simulator';
import { submitOk, waitFor } from '../test/simulator/testkit';
import { fmtMB, fmtS, log, MODEL } from './lib';
import type { Row } from './lib';

const ROOT = path.resolve(__dirname, '../..');
const MiB = 1024 * 1024;
export const TARGET_GROWTH_N8N = 16 * MiB;
const SAMPLE_MS = 100;
const SMALL_BYTES = 8 * 1024;
const EXEC_TIMEOUT_MS = 600_000;
const WORKFLOW_ID = 'wanBenchMemory01';
const CRED = { id: 'wanBenchCred0001', name: 'DashScope (bench simulator)' };
const ENCRYPTION_KEY = 'n8n-nodes-wan-bench-fixed-encryption-key';
const command = 'npm run bench -- memory-n8n';

export interface Target {
	version: string;
	dir: string;
	node: string;
	n8nBin: string;
	nodeVersion?: string;
}

interface ExecRun {
	ok: boolean;
	problem?: string;
	peakRss: number;
	samples: number;
	/** Max RSS while the result was downloading minus the RSS just before it started (from the simulator's log). */
	duringDownload?: number;
	ms: number;
	storedBytes?: number;
}

/** Runs per size (MEMORY_N8N_REPEAT, default 2): the growth varies with when V8 happens to collect. */
const repeat = (): number => Math.max(1, Number(process.env.MEMORY_N8N_REPEAT ?? 2) || 1);

export const sizesMiB = (): number[] =>
	(process.env.MEMORY_N8N_SIZES_MB ?? '100 500 2048')
		.split(/[\s,]+/)
		.filter(Boolean)
		.map(Number)
		.filter((n) => n > 0);

/** The built node n8n loads (MEMORY_N8N_DIST: another build, e.g. a copy of dist/ from before a change). */
const distDir = (): string => path.resolve(process.env.MEMORY_N8N_DIST ?? path.join(ROOT, 'dist'));

function cacheDir(): string {
	if (process.env.E2E_CACHE) return path.resolve(process.env.E2E_CACHE);
	const own = path.join(ROOT, '.cache');
	return fs.existsSync(own) ? own : '/work/e2e-cache';
}

export function locate(version: string): Target | string {
	const dir = path.join(cacheDir(), `n8n-${version}`);
	if (!fs.existsSync(path.join(dir, '.installed'))) return `n8n ${version} is not installed in ${dir} (test/e2e/install-n8n.sh)`;
	const m = /export PATH="([^:"]+):/.exec(fs.readFileSync(path.join(dir, 'env.sh'), 'utf8'));
	if (!m) return `cannot read the Node bin dir from ${dir}/env.sh`;
	const n8nBin = path.join(dir, 'node_modules/n8n/bin/n8n');
	if (!fs.existsSync(n8nBin)) return `missing ${n8nBin}`;
	return { version, dir, node: path.join(m[1], 'node'), n8nBin };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** RSS of `rootPid` and all its descendants (bytes), from /proc. */
export function processTreeRss(rootPid: number): number {
	const children = new Map<number, number[]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const list = children.get(ppid) ?? [];
			list.push(Number(entry));
			children.set(ppid, list);
		} catch {
			// the process ended meanwhile
		}
	}
	const page = 4096;
	let total = 0;
	const queue = [rootPid];
	while (queue.length) {
		const pid = queue.shift() as number;
		try {
			total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * page;
		} catch {
			continue;
		}
		queue.push(...(children.get(pid) ?? []));
	}
	return total;
}

/** Runs a command, sampling the RSS of its process tree every 100 ms. */
export function runSampled(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; peakRss: number; samples: number; ms: number; series: Array<[number, number]> }> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => {
			stdout = (stdout + c.toString()).slice(-200_000);
		});
		child.stderr.on('data', (c: Buffer) => {
			stderr = (stderr + c.toString()).slice(-20_000);
		});
		let peakRss = 0;
		let samples = 0;
		const series: Array<[number, number]> = [];
		const sample = () => {
			if (child.pid === undefined) return;
			samples++;
			const rss = processTreeRss(child.pid);
			series.push([Date.now(), rss]);
			peakRss = Math.max(peakRss, rss);
		};
		const sampler = setInterval(sample, SAMPLE_MS);
		const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('close', (code, signal) => {
			clearInterval(sampler);
			clearTimeout(killer);
			resolve({ code, signal, stdout, stderr, peakRss, samples, ms: Date.now() - started, series });
		});
	});
}

export function childEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|npm_|NODE_OPTIONS$|NODE_PATH$|NODE_TEST_CONTEXT$)/.test(k)) continue;
		env[k] = v;
	}
	return env;
}

async function n8nEnv(target: Target, userFolder: string): Promise<NodeJS.ProcessEnv> {
	return {
		...childEnv(),
		PATH: `${path.dirname(target.node)}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_CUSTOM_EXTENSIONS: distDir(),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
}

function workflow(): object {
	return {
		id: WORKFLOW_ID,
		name: 'bench memory',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'b0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'Wan',
				type: 'CUSTOM.wan',
				typeVersion: 1,
				position: [240, 0],
				parameters: { resource: 'video', operation: 'textToVideo', model: MODEL, prompt: 'one long take of a river at dawn', size: '1280*720', duration: 5 },
				credentials: { dashScopeApi: CRED },
			},
		],
		connections: { Start: { main: [[{ node: 'Wan', type: 'main', index: 0 }]] } },
	};
}

/** A user folder with the DB migrated, the credential (pointing at the simulator) and the workflow imported. */
async function prepareTemplate(target: Target, work: string, sim: Simulator): Promise<string> {
	const template = path.join(work, 'template');
	fs.rmSync(template, { recursive: true, force: true });
	fs.mkdirSync(template, { recursive: true });
	const credFile = path.join(work, 'credentials.json');
	fs.writeFileSync(credFile, JSON.stringify([{ ...CRED, type: 'dashScopeApi', data: { apiKey: sim.key, region: 'cn-beijing', baseUrl: sim.apiBaseUrl } }]));
	const wfFile = path.join(work, 'workflow.json');
	fs.writeFileSync(wfFile, JSON.stringify([workflow()]));
	for (const args of [['import:credentials', `--input=${credFile}`], ['import:workflow', `--input=${wfFile}`]]) {
		const res = await runSampled(target.node, [target.n8nBin, ...args], await n8nEnv(target, template), work, 180_000);
		if (res.code !== 0 || !/Successfully imported/.test(res.stdout + res.stderr)) {
			throw new Error(`n8n ${target.version} ${args[0]} failed (code ${res.code}): ${(res.stdout + res.stderr).slice(-800)}`);
		}
	}
	fs.rmSync(credFile);
	return template;
}

function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

async function executeOnce(target: Target, work: string, template: string, label: string, expectedBytes: number, sim: Simulator): Promise<ExecRun> {
	const logStart = sim.stats.requests.length;
	const userFolder = path.join(work, `run-${label}`);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.cpSync(template, userFolder, { recursive: true });
	try {
		const res = await runSampled(target.node, [target.n8nBin, 'execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], await n8nEnv(target, userFolder), work, EXEC_TIMEOUT_MS);
		const stored = filesUnder(path.join(userFolder, '.n8n', 'storage')).filter((f) => !f.endsWith('.metadata')).map((f) => fs.statSync(f).size);
		const success = /"status":\s*"success"/.test(res.stdout) && !/Execution was NOT successful/.test(res.stdout);
		const storedBytes = stored.find((s) => s === expectedBytes);
		let problem: string | undefined;
		if (!success) problem = `execution failed (code ${res.code}, signal ${res.signal}): ${(res.stdout + res.stderr).replace(/\s+/g, ' ').slice(-400)}`;
		else if (storedBytes === undefined) problem = `no stored file of ${expectedBytes} bytes (found ${stored.join(', ') || 'none'})`;
		return { ok: !problem, problem, peakRss: res.peakRss, samples: res.samples, ms: res.ms, storedBytes, duringDownload: duringDownload(sim, logStart, res.series) };
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * The download window from the simulator's log: from the last task query answered before the result GET ended
 * (the node starts the download right after it) to the end of that GET. Growth = max RSS inside the window − the
 * last RSS sampled before it, which leaves out n8n's own start-up peak.
 */
function duringDownload(sim: Simulator, logStart: number, series: Array<[number, number]>): number | undefined {
	const entries = sim.stats.requests.slice(logStart);
	const file = entries.find((e) => e.host === 'file' && e.method === 'GET' && e.path.startsWith('/results/'));
	if (!file) return undefined;
	const polls = entries.filter((e) => e.host === 'api' && e.method === 'GET' && e.path.startsWith('/api/v1/tasks/') && e.at <= file.at);
	const start = polls.length ? polls[polls.length - 1].at : undefined;
	if (start === undefined) return undefined;
	const before = series.filter(([t]) => t <= start);
	const inside = series.filter(([t]) => t > start && t <= file.at + SAMPLE_MS);
	if (!before.length || !inside.length) return undefined;
	return Math.max(...inside.map(([, rss]) => rss)) - before[before.length - 1][1];
}

/** A fresh process of the target's Node that holds the whole file in one Buffer: its own peak RSS growth. */
async function bufferedGrowth(target: Target, sim: Simulator, bytes: number): Promise<{ growth?: number; problem?: string }> {
	const taskId = await submitOk(sim, { model: MODEL, input: { prompt: 'buffered baseline' }, parameters: { size: '1280*720', duration: 5 } });
	const url = (await waitFor(sim, taskId, ['SUCCEEDED'])).output.video_url as string;
	const script = `
		const warm = ${JSON.stringify(`${sim.apiBaseUrl}/tasks/${taskId}`)};
		(async () => {
			await (await fetch(warm)).arrayBuffer();
			const base = process.memoryUsage.rss();
			let peak = base;
			const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, ${SAMPLE_MS});
			const kept = Buffer.from(await (await fetch(${JSON.stringify(url)})).arrayBuffer());
			peak = Math.max(peak, process.memoryUsage.rss());
			clearInterval(t);
			console.log(JSON.stringify({ growth: peak - base, bytes: kept.length }));
		})().catch((e) => { console.log(JSON.stringify({ error: String(e) })); });`;
	const res = await runSampled(target.node, ['-e', script], childEnv(), ROOT, EXEC_TIMEOUT_MS);
	try {
		const out = JSON.parse(res.stdout.trim().split('\n').pop() as string) as { growth?: number; bytes?: number; error?: string };
		if (out.error) return { problem: out.error };
		if (out.bytes !== bytes) return { problem: `received ${out.bytes} bytes` };
		return { growth: out.growth };
	} catch {
		return { problem: `no result (code ${res.code}): ${res.stderr.slice(-300)}` };
	}
}

function memAvailable(): number {
	const kb = /MemAvailable:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1];
	return kb ? Number(kb) * 1024 : os.freemem();
}

export async function benchMemoryN8n(): Promise<Row[]> {
	const sizes = sizesMiB();
	const versions = (process.env.MEMORY_N8N_TARGETS ?? '2.8.4 2.41.1').split(/[\s,]+/).filter(Boolean);
	log(`## 4. Memory in real n8n (headless \`n8n execute\`, N8N_DEFAULT_BINARY_DATA_MODE=filesystem): peak RSS of the whole process tree, sampled every ${SAMPLE_MS} ms`);
	log(`   growth = peak with a large result − peak with a ${SMALL_BYTES / 1024} KiB result (the mean of two runs); target ≤ ${fmtMB(TARGET_GROWTH_N8N)} for every size;`);
	log('   "during the download" = max RSS while the result downloads − RSS just before (leaves out n8n\'s start-up peak)');
	if (!fs.existsSync(path.join(distDir(), 'nodes/Wan/Wan.node.js'))) throw new Error(`${distDir()} holds no built node: npm run build`);
	const rows: Row[] = [];
	const sim = await startSimulator({ taskSeconds: 0.2, pendingSeconds: 0 });
	try {
		for (const version of versions) {
			const target = locate(version);
			if (typeof target === 'string') {
				log(`  n8n ${version}: SKIPPED — ${target}`);
				rows.push({ benchmark: `4 memory-n8n: n8n ${version}`, measured: 'not installed', target: '-', pass: false, command });
				continue;
			}
			const work = path.join(cacheDir(), 'bench-memory-n8n', `n8n-${version}`);
			fs.rmSync(work, { recursive: true, force: true });
			fs.mkdirSync(work, { recursive: true });
			try {
				const template = await prepareTemplate(target, work, sim);
				const nodeVersion = (await runSampled(target.node, ['--version'], childEnv(), ROOT, 30_000)).stdout.trim();
				log(`  n8n ${version} on Node ${nodeVersion}:`);
				sim.setVideoBytes(SMALL_BYTES);
				const smalls: ExecRun[] = [];
				for (let i = 0; i < 2; i++) smalls.push(await executeOnce(target, work, template, `small-${i}`, SMALL_BYTES, sim));
				const bad = smalls.find((s) => !s.ok);
				if (bad) throw new Error(`small-result run: ${bad.problem}`);
				const baseline = (smalls[0].peakRss + smalls[1].peakRss) / 2;
				log(`    small result: peak ${fmtMB(smalls[0].peakRss)} / ${fmtMB(smalls[1].peakRss)} (${fmtS(smalls[0].ms)}, ${fmtS(smalls[1].ms)})`);
				for (const mib of sizes) {
					const bytes = mib * MiB;
					sim.setVideoBytes(bytes);
					const runs: ExecRun[] = [];
					for (let i = 0; i < repeat(); i++) runs.push(await executeOnce(target, work, template, `${mib}-${i}`, bytes, sim));
					const failed = runs.find((r) => !r.ok);
					const growths = runs.map((r) => r.peakRss - baseline);
					const worst = Math.max(...growths);
					let buffered: { growth?: number; problem?: string } = { problem: 'skipped (MEMORY_N8N_BUFFERED=0)' };
					if (process.env.MEMORY_N8N_BUFFERED !== '0') {
						buffered = memAvailable() > 3 * bytes ? await bufferedGrowth(target, sim, bytes) : { problem: `skipped: less than ${fmtMB(3 * bytes)} of RAM available` };
					}
					const ratio = buffered.growth ? ` (${((100 * worst) / buffered.growth).toFixed(1)} % of buffered)` : '';
					const during = runs.map((r) => (r.duringDownload !== undefined ? fmtMB(r.duringDownload) : '?')).join(', ');
					log(
						`    ${String(mib).padStart(5)} MiB: ${failed ? `FAILED: ${failed.problem}` : `growth ${growths.map(fmtMB).join(', ')}${ratio}; during the download ${during}`} ` +
							`[${runs.map((r) => `${fmtS(r.ms)}`).join(', ')}]; buffered baseline: ${buffered.growth !== undefined ? fmtMB(buffered.growth) : buffered.problem}`,
					);
					rows.push({
						benchmark: `4 memory-n8n: n8n ${version} (Node ${nodeVersion}), ${mib} MiB result, growth (worst of ${runs.length})`,
						measured: failed ? `ERROR: ${String(failed.problem).slice(0, 80)}` : `${fmtMB(worst)}${buffered.growth !== undefined ? ` (buffered: ${fmtMB(buffered.growth)})` : ''}`,
						target: `<= ${fmtMB(TARGET_GROWTH_N8N)}`,
						pass: !failed && worst <= TARGET_GROWTH_N8N,
						command,
					});
				}
			} catch (error) {
				log(`  n8n ${version}: ERROR ${(error as Error)?.message ?? String(error)}`);
				rows.push({ benchmark: `4 memory-n8n: n8n ${version}`, measured: `ERROR: ${String((error as Error)?.message ?? error).slice(0, 90)}`, target: '-', pass: false, command });
			} finally {
				fs.rmSync(work, { recursive: true, force: true });
			}
		}
	} finally {
		await sim.close();
	}
	log('  Reading: n8n does not buffer the result in filesystem mode: both versions write the stream the node hands over');
	log('  to disk chunk by chunk (2.8.4: fs.promises.writeFile(path, stream); 2.41.1: the same into a temp file, renamed');
	log('  on success), so the growth does not rise with the file size. What it measures is chunk Buffers already written');
	log('  but not yet garbage-collected, which depends on when V8 collects (more on Node 24 with n8n\'s axios-based');
	log('  request helper) and varies from run to run; node code cannot lower it (ranged chunks, own backpressure: no');
	log('  effect, measured). `npm run bench -- memory-stack` isolates it.');
	log();
	return rows;
}
