/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Child process of benchmark 3: measures the peak RSS growth of ONE large download in a fresh process.
// Started by bench/memory.ts with fork(); talks over IPC. Variants:
//   node-filesystem  the Wan node in real n8n-core, binaryDataMode 'filesystem' (streams to disk)
//   node-default     the same in n8n's in-memory 'default' mode (informational)
//   buffered         Buffer.from(await (await fetch(url)).arrayBuffer()) — a fully buffered download
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DashScopeApi } from '../credentials/DashScopeApi.credentials';
import { Wan } from '../nodes/Wan/Wan.node';
import { runNode } from '../test/harness';
import type { BinaryDataMode, RunNodeResult } from '../test/harness';
import { SIMULATOR_DEMO_KEY, startSimulator } from '../test/simulator';
import type { INodeParameters } from 'n8n-workflow';

export type MemoryVariant = 'node-filesystem' | 'node-default' | 'buffered';

export interface ChildRequest {
	variant: MemoryVariant;
	/** node-*: the simulator's API base URL; buffered: the signed result URL. */
	url: string;
	/** buffered: any URL on the same simulator, fetched once to warm up fetch/undici. */
	warmUpUrl?: string;
	expectedBytes: number;
	parameters?: INodeParameters;
}

export type ChildMessage =
	| { type: 'scratch'; dir: string }
	| {
			type: 'result';
			baselineRss: number;
			peakSampledRss: number;
			/** VmHWM after resetting it just before the run (undefined if /proc/self/clear_refs is not writable). */
			peakHwmRss?: number;
			samples: number;
			durationMs: number;
			bytes: number;
			filePath?: string;
			fileRemoved?: boolean;
			error?: string;
	  };

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));

const SAMPLE_MS = 20;

/** Resets the kernel's peak-RSS counter (VmHWM) for this process; false when not permitted. */
function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

function vmHwmBytes(): number | undefined {
	try {
		const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
		return kb ? Number(kb) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

function settle(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		gc();
		gc();
	}
}

/** Samples RSS every 20 ms while `work` runs. */
async function measure<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; baselineRss: number; peakSampledRss: number; peakHwmRss?: number; samples: number; durationMs: number }> {
	settle();
	const baselineRss = process.memoryUsage.rss();
	const hwmReset = resetPeak();
	let peak = baselineRss;
	let samples = 0;
	const timer = setInterval(() => {
		samples++;
		peak = Math.max(peak, process.memoryUsage.rss());
	}, SAMPLE_MS);
	const started = Date.now();
	let value: T | undefined;
	let error: unknown;
	try {
		value = await work();
	} catch (err) {
		error = err;
	}
	const durationMs = Date.now() - started;
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage.rss());
	return { value, error, baselineRss, peakSampledRss: peak, peakHwmRss: hwmReset ? vmHwmBytes() : undefined, samples, durationMs };
}

const credentials = (baseUrl: string) => ({
	dashScopeApi: { apiKey: SIMULATOR_DEMO_KEY, region: 'cn-beijing', workspaceId: '', baseUrl },
});

async function runWan(baseUrl: string, parameters: INodeParameters, binaryDataMode: BinaryDataMode): Promise<RunNodeResult> {
	return await runNode({
		nodeType: new Wan(),
		credentialTypes: [new DashScopeApi()],
		credentials: credentials(baseUrl),
		parameters,
		binaryDataMode,
	});
}

async function nodeVariant(request: ChildRequest, mode: BinaryDataMode): Promise<void> {
	const parameters = request.parameters as INodeParameters;
	// Warm-up on a private small simulator: n8n-core's lazy start-up and the first download path are not counted.
	const small = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0 });
	try {
		const warm = await runWan(small.apiBaseUrl, parameters, mode);
		if (warm.error) throw warm.error;
		await send({ type: 'scratch', dir: path.dirname(warm.storagePath) });
		rmSync(warm.storagePath, { recursive: true, force: true });
	} finally {
		await small.close();
	}

	const m = await measure(() => runWan(request.url, parameters, mode));
	const result = m.value;
	let bytes = 0;
	let filePath: string | undefined;
	let fileRemoved: boolean | undefined;
	let error = m.error ? String((m.error as Error).message ?? m.error) : result?.error?.message;
	if (result && !result.error) {
		const item = result.items[0];
		filePath = result.binaryFilePath(item);
		if (filePath) bytes = statSync(filePath).size;
		else bytes = Number(item.binary?.data?.bytes ?? 0) || Buffer.byteLength(item.binary?.data?.data ?? '', 'base64');
		if (bytes !== request.expectedBytes) error = `downloaded ${bytes} bytes, expected ${request.expectedBytes}`;
	}
	if (result) {
		rmSync(result.storagePath, { recursive: true, force: true });
		if (filePath) {
			try {
				statSync(filePath);
				fileRemoved = false;
			} catch {
				fileRemoved = true;
			}
		}
	}
	const { value: _value, error: _error, ...numbers } = m;
	await send({ type: 'result', ...numbers, bytes, filePath, fileRemoved, error });
}

async function bufferedVariant(request: ChildRequest): Promise<void> {
	if (request.warmUpUrl) await (await fetch(request.warmUpUrl)).arrayBuffer();
	let kept: Buffer | undefined;
	const m = await measure(async () => {
		const response = await fetch(request.url);
		if (response.status !== 200) throw new Error(`GET result answered ${response.status}`);
		kept = Buffer.from(await response.arrayBuffer());
		return kept.length;
	});
	const bytes = kept?.length ?? 0;
	const error = m.error ? String((m.error as Error).message ?? m.error) : bytes !== request.expectedBytes ? `downloaded ${bytes} bytes` : undefined;
	kept = undefined;
	const { value: _value, error: _error, ...numbers } = m;
	await send({ type: 'result', ...numbers, bytes, error });
}

process.once('message', (request: ChildRequest) => {
	const work = request.variant === 'buffered' ? bufferedVariant(request) : nodeVariant(request, request.variant === 'node-default' ? 'default' : 'filesystem');
	work
		.catch(async (err: unknown) => {
			await send({ type: 'result', baselineRss: 0, peakSampledRss: 0, samples: 0, durationMs: 0, bytes: 0, error: `child crashed: ${String((err as Error)?.stack ?? err)}` });
		})
		// process.exit runs the harness's exit hook, which removes its scratch directory.
		.finally(() => process.exit(0));
});
