/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Benchmark 3: memory for a 500 MB result. The simulator (in this process) streams the file; each variant
// downloads it in its own fresh child process (bench/memory-child.ts), so its RSS says only what the download cost.
import { fork } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

import { startSimulator } from '../test/simulator';
import type { Simulator } from '../test/simulator';
import { submitOk, waitFor } from '../test/simulator/testkit';
import { fmtMB, fmtS, log, MODEL, reproduce } from './lib';
import type { Row } from './lib';
import type { ChildMessage, ChildRequest, MemoryVariant } from './memory-child';

export const VIDEO_BYTES = 500 * 1024 * 1024;
export const TARGET_GROWTH_BYTES = 64 * 1024 * 1024;
const CHILD_TIMEOUT_MS = 180_000;

type ChildResult = Extract<ChildMessage, { type: 'result' }>;

export interface VariantOutcome extends ChildResult {
	growth: number;
	/** From the simulator's log: last task query answered → result file fully sent (node variants). */
	downloadMs?: number;
	scratchDirs: string[];
	/** Scratch directories still on disk after the child exited (then removed by us). */
	leftovers: string[];
}

/** Runs one variant in a fresh child; `sim` (when given) times the download from the simulator's request log. */
function runChild(request: ChildRequest, sim?: Simulator): Promise<VariantOutcome> {
	const logStart = sim?.stats.requests.length ?? 0;
	return new Promise((resolve) => {
		const scratchDirs: string[] = [];
		let result: ChildResult | undefined;
		const child = fork(path.join(__dirname, 'memory-child.js'), [], {
			execArgv: ['--expose-gc'],
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
		});
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-4000);
		});
		const timer = setTimeout(() => {
			if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
		}, CHILD_TIMEOUT_MS);
		child.on('message', (message: ChildMessage) => {
			if (message.type === 'scratch') scratchDirs.push(message.dir);
			else result = message;
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			const leftovers = scratchDirs.filter((dir) => existsSync(dir));
			for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
			if (result?.filePath && existsSync(result.filePath)) {
				leftovers.push(result.filePath);
				rmSync(result.filePath, { force: true });
			}
			const base: ChildResult = result ?? {
				type: 'result',
				baselineRss: 0,
				peakSampledRss: 0,
				samples: 0,
				durationMs: 0,
				bytes: 0,
				error: `child exited (code ${code}, signal ${signal}) without a result${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
			};
			const peak = Math.max(base.peakSampledRss, base.peakHwmRss ?? 0);
			resolve({ ...base, growth: base.error && !base.baselineRss ? NaN : peak - base.baselineRss, downloadMs: sim && downloadTime(sim, logStart), scratchDirs, leftovers });
		});
		child.send(request);
	});
}

/** Time from the last task query answered before the first result download to the last result download closed. */
function downloadTime(sim: Simulator, logStart: number): number | undefined {
	const entries = sim.stats.requests.slice(logStart);
	const files = entries.filter((e) => e.host === 'file' && e.path.startsWith('/results/'));
	if (!files.length) return undefined;
	const first = files[0];
	const polls = entries.filter((e) => e.host === 'api' && e.method === 'GET' && e.path.startsWith('/api/v1/tasks/') && e.at <= first.at);
	if (!polls.length) return undefined;
	return files[files.length - 1].at - polls[polls.length - 1].at;
}

const nodeParameters = {
	resource: 'video',
	operation: 'textToVideo',
	model: MODEL,
	prompt: 'one long take of a river at dawn',
	size: '1280*720',
	duration: 5,
};

function describe(name: string, o: VariantOutcome): void {
	const hwm = o.peakHwmRss !== undefined ? `, VmHWM peak ${fmtMB(o.peakHwmRss - o.baselineRss)}` : '';
	const status = o.error ? ` — ERROR: ${o.error}` : '';
	const download = o.downloadMs !== undefined && o.bytes ? `; download ≈ ${fmtS(o.downloadMs)} = ${(o.bytes / 1024 / 1024 / (o.downloadMs / 1000)).toFixed(0)} MB/s` : '';
	const whole = o.bytes && o.downloadMs === undefined ? ` = ${(o.bytes / 1024 / 1024 / (o.durationMs / 1000)).toFixed(0)} MB/s` : '';
	log(`  ${name}: peak RSS growth ${fmtMB(o.growth)} (baseline ${fmtMB(o.baselineRss)}, sampled peak ${fmtMB(o.peakSampledRss - o.baselineRss)}${hwm}, ` +
		`${o.samples} samples; run ${fmtS(o.durationMs)}${whole}, ${fmtMB(o.bytes)} received${download})${status}`);
}

export async function benchMemory(): Promise<Row[]> {
	const command = reproduce('memory');
	log(`## 3. Memory for a ${fmtMB(VIDEO_BYTES)} result — one fresh child process per variant, RSS sampled every 20 ms (and VmHWM)`);
	const sim = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0, videoBytes: VIDEO_BYTES });
	const outcomes: Partial<Record<MemoryVariant, VariantOutcome>> = {};
	try {
		outcomes['node-filesystem'] = await runChild({ variant: 'node-filesystem', url: sim.apiBaseUrl, expectedBytes: VIDEO_BYTES, parameters: nodeParameters }, sim);
		describe('(a) Wan node, binaryDataMode filesystem', outcomes['node-filesystem']);

		const taskId = await submitOk(sim, { model: MODEL, input: { prompt: 'buffered baseline' }, parameters: { size: '1280*720', duration: 5 } });
		const url = (await waitFor(sim, taskId, ['SUCCEEDED'])).output.video_url as string;
		outcomes.buffered = await runChild({ variant: 'buffered', url, warmUpUrl: `${sim.apiBaseUrl}/tasks/${taskId}`, expectedBytes: VIDEO_BYTES });
		describe('(b) buffered baseline, Buffer.from(await (await fetch(url)).arrayBuffer())', outcomes.buffered);

		outcomes['node-default'] = await runChild({ variant: 'node-default', url: sim.apiBaseUrl, expectedBytes: VIDEO_BYTES, parameters: nodeParameters }, sim);
		describe("(info) Wan node, binaryDataMode default (n8n's in-memory mode)", outcomes['node-default']);
	} finally {
		await sim.close();
	}

	const a = outcomes['node-filesystem'] as VariantOutcome;
	const b = outcomes.buffered as VariantOutcome;
	const d = outcomes['node-default'] as VariantOutcome;
	const leftovers = [a, b, d].flatMap((o) => o.leftovers);
	const fileCleaned = a.fileRemoved === true || (a.filePath !== undefined && !existsSync(a.filePath));
	log(`  ratio (a)/(b): ${(a.growth / b.growth).toFixed(3)}; (a) file ${a.filePath ?? '(none)'} removed: ${fileCleaned ? 'yes' : 'NO'}; ` +
		`harness scratch dirs left behind by children: ${leftovers.length ? leftovers.join(', ') + ' (removed now)' : 'none'}`);
	log();

	return [
		{
			benchmark: `3 memory: (a) node, filesystem mode, peak RSS growth for ${fmtMB(VIDEO_BYTES)}`,
			measured: a.error ? `ERROR: ${a.error.slice(0, 80)}` : fmtMB(a.growth),
			target: `<= ${fmtMB(TARGET_GROWTH_BYTES)}`,
			pass: !a.error && a.growth <= TARGET_GROWTH_BYTES,
			command,
		},
		{
			benchmark: '3 memory: (b) fully buffered download, peak RSS growth',
			measured: b.error ? `ERROR: ${b.error.slice(0, 80)}` : fmtMB(b.growth),
			target: 'info (baseline)',
			command,
		},
		{
			benchmark: '3 memory: ratio (a) / (b)',
			measured: a.error || b.error ? 'n/a' : (a.growth / b.growth).toFixed(3),
			target: 'info (lower is better)',
			command,
		},
		{
			benchmark: "3 memory: (info) node, n8n 'default' (in-memory) mode",
			measured: d.error ? `fails: ${d.error.replace(/^DownloadFailed: /, '').slice(0, 110)}` : fmtMB(d.growth),
			target: 'info',
			command,
		},
		{
			benchmark: '3 memory: 500 MB file removed after the run',
			measured: fileCleaned && leftovers.length === 0 ? 'yes' : `file removed: ${fileCleaned}; leftovers: ${leftovers.length}`,
			target: 'yes',
			pass: fileCleaned && leftovers.length === 0,
			command,
		},
	];
}
