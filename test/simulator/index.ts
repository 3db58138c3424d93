/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// DashScope simulator: a real HTTP API host plus an OSS-like file host, enforcing the documented contract.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api';
import { createFileHandler } from './filehost';
import { FAMILIES, modelRule } from './models';
import { OssSigner } from './oss';
import {
	newStats,
	type ResolvedConfig,
	type SimState,
	type SimulatorFaults,
	type SimulatorOptions,
	type SimulatorStats,
	type TaskOutcome,
} from './state';
import { TaskEngine, type TaskRecord } from './tasks';
import { SlidingWindow } from './util';

export type {
	RequestLogEntry,
	SimulatorFaults,
	SimulatorOptions,
	SimulatorStats,
	SubmissionRecord,
	TaskOutcome,
} from './state';
export type { TaskRecord, TaskStatus } from './tasks';
export { MODELS, SIZE_TIERS } from './models';

export const SIMULATOR_DEMO_KEY = 'sk-simulator-demo';

export interface Simulator {
	/** e.g. http://127.0.0.1:8700/api/v1 */
	apiBaseUrl: string;
	/** e.g. http://127.0.0.1:8701 */
	fileBaseUrl: string;
	/** The first accepted API key. */
	key: string;
	stats: SimulatorStats;
	tasks: Map<string, TaskRecord>;
	/** Mutable at runtime; each counter is consumed as faults fire. */
	faults: SimulatorFaults;
	fixtureUrl(name: string): string;
	/** Size of the MP4 results served from now on (benchmarks switch sizes without restarting). */
	setVideoBytes(bytes: number): void;
	close(): Promise<void>;
	/** Forget tasks, uploads, counters, faults and rate windows. */
	reset(): void;
}

const FAIL_MESSAGES: Record<string, string> = {
	DataInspectionFailed: 'Output data may contain inappropriate content.',
	IPInfringementSuspect: 'Input data is suspected of being involved in IP infringement.',
	InvalidParameter: 'The request is missing required parameters or in a wrong format',
	InternalError: 'Internal server error.',
	'InternalError.Algo': 'inference internal error',
	'InternalError.Timeout': 'The task did not produce a result within 3 hours.',
};

/**
 * `[[partial:<Code>]]` anywhere in the input of an image task makes its last image fail alone with that code: the
 * task still SUCCEEDS, that `results[]` entry holds `code`/`message` instead of `url`, and task_metrics.FAILED is 1.
 * With n = 1 that is every image: a SUCCEEDED task without any URL.
 */
function partialFailure(task: TaskRecord): { code: string; message: string } | undefined {
	const code = /\[\[partial:([A-Za-z0-9_.]+)\]\]/.exec(JSON.stringify(task.input))?.[1];
	return code ? { code, message: FAIL_MESSAGES[code] ?? `Image generation failed with ${code}.` } : undefined;
}

/** `[[fail:<Code>]]` anywhere in the input makes the task fail with that code (for tests and demos). */
function triggeredOutcome(task: TaskRecord): TaskOutcome {
	const code = /\[\[fail:([A-Za-z0-9_.]+)\]\]/.exec(JSON.stringify(task.input))?.[1];
	if (!code) return undefined;
	return { status: 'FAILED', code, message: FAIL_MESSAGES[code] ?? `Task failed with ${code}.` };
}

function resolveConfig(o: SimulatorOptions): ResolvedConfig {
	return {
		apiKeys: o.apiKeys && o.apiKeys.length > 0 ? [...o.apiKeys] : [SIMULATOR_DEMO_KEY],
		taskSeconds: o.taskSeconds ?? 2,
		pendingMs: (o.pendingSeconds ?? 0.2) * 1000,
		limits: o.limits ?? {},
		queryQps: o.queryQps ?? 20,
		resultTtlSeconds: o.resultTtlSeconds ?? 86400,
		taskRetentionSeconds: o.taskRetentionSeconds ?? 86400,
		videoBytes: o.videoBytes ?? 8 * 1024,
		outcome: o.outcome,
		uploadPolicySeconds: o.uploadPolicySeconds ?? 300,
		deployments: o.deployments ?? {},
		region: o.region,
	};
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
	});
}

function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const host = options.host ?? '127.0.0.1';
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const config = resolveConfig(options);

	const state: SimState = {
		config,
		apiBaseUrl: '',
		fileBaseUrl: '',
		stats: newStats(),
		faults: {},
		signer: new OssSigner(),
		engine: new TaskEngine({
			pendingMs: config.pendingMs,
			concurrencyOf: (model) => config.limits[model]?.concurrency ?? modelRule(model)?.concurrency ?? 1,
			finish: (task) => finish(state, task),
		}),
		submitWindows: new Map(),
		queryWindow: new SlidingWindow(config.queryQps),
		policyWindows: new Map(),
		policies: new Map(),
		uploads: new Map(),
		accountHash: createHash('md5').update(`account:${config.apiKeys[0]}`).digest('hex'),
	};

	const apiServer = http.createServer(createApiHandler(state));
	const fileServer = http.createServer(createFileHandler(state));
	const apiPort = await listen(apiServer, options.port ?? 0, host);
	const filePort = await listen(fileServer, options.filePort ?? 0, host).catch(async (err: unknown) => {
		await closeServer(apiServer);
		throw err;
	});
	state.apiBaseUrl = `http://${urlHost}:${apiPort}/api/v1`;
	state.fileBaseUrl = `http://${urlHost}:${filePort}`;

	return {
		apiBaseUrl: state.apiBaseUrl,
		fileBaseUrl: state.fileBaseUrl,
		key: config.apiKeys[0] as string,
		stats: state.stats,
		tasks: state.engine.tasks,
		faults: state.faults,
		fixtureUrl: (name) => `${state.fileBaseUrl}/fixtures/${encodeURIComponent(name)}`,
		setVideoBytes: (bytes) => {
			state.config.videoBytes = bytes;
		},
		async close() {
			state.engine.clear();
			await Promise.all([closeServer(apiServer), closeServer(fileServer)]);
		},
		reset() {
			state.engine.clear();
			Object.assign(state.stats, newStats());
			for (const key of Object.keys(state.faults)) delete state.faults[key as keyof SimulatorFaults];
			state.submitWindows.clear();
			state.policyWindows.clear();
			state.queryWindow = new SlidingWindow(config.queryQps);
			state.policies.clear();
			state.uploads.clear();
		},
	};
}

function finish(state: SimState, task: TaskRecord): void {
	let outcome: TaskOutcome;
	try {
		outcome = state.config.outcome?.(task) ?? triggeredOutcome(task);
	} catch (err) {
		outcome = { status: 'FAILED', code: 'InternalError', message: `outcome hook threw: ${String(err)}` };
	}
	if (outcome) {
		task.status = 'FAILED';
		task.code = outcome.code;
		task.message = outcome.message;
		return;
	}
	const endedAt = task.endedAt ?? Date.now();
	const expires = Math.floor(endedAt / 1000) + state.config.resultTtlSeconds;
	const family = FAMILIES[task.family];
	if (family.produces === 'detect') throw new Error(`${task.model} is synchronous: it makes no task`);
	if (family.produces === 'template') {
		Object.assign(task, { status: 'SUCCEEDED' }, family.result(task));
		return;
	}
	if (family.produces === 'image') {
		const { count } = family.images(task);
		const partial = partialFailure(task);
		const images = Array.from({ length: count }, (_, i) =>
			partial && i === count - 1
				? partial
				: { url: state.signer.signUrl(state.fileBaseUrl, `results/${task.taskId}-${i + 1}.${family.format ?? 'png'}`, expires) },
		);
		const { output, usage } = family.result(task, images);
		const first = images.find((image) => 'url' in image);
		const resultUrl = first && 'url' in first ? first.url : undefined;
		const imageIndexes = images.flatMap((image, i) => ('url' in image ? [i + 1] : []));
		Object.assign(task, { status: 'SUCCEEDED', resultUrl, resultExpiresAt: expires * 1000, output, usage, imageIndexes });
		return;
	}
	const url = state.signer.signUrl(state.fileBaseUrl, `results/${task.taskId}.mp4`, expires);
	const { output, usage } = family.result(task, url);
	Object.assign(task, { status: 'SUCCEEDED', resultUrl: url, resultExpiresAt: expires * 1000, output, usage });
}
