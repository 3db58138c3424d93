// Shared types and mutable state of one simulator instance.
import type { StoredUpload } from './media';
import type { Region } from './models';
import type { IssuedPolicy, OssSigner } from './oss';
import type { TaskEngine, TaskRecord } from './tasks';
import type { SlidingWindow } from './util';

export type TaskOutcome = undefined | { status: 'FAILED'; code: string; message: string };

export interface SimulatorOptions {
	host?: string;
	port?: number;
	filePort?: number;
	/** Accepted API keys; all belong to one simulated main account. */
	apiKeys?: string[];
	/** Seconds in RUNNING, globally or per model (models not listed get 2 s). */
	taskSeconds?: number | Record<string, number>;
	/** Minimum seconds in PENDING. */
	pendingSeconds?: number;
	limits?: Record<string, { rps?: number; concurrency?: number }>;
	/** Shared budget of GET task, list and cancel (per account). */
	queryQps?: number;
	/** Lifetime of signed result URLs. */
	resultTtlSeconds?: number;
	/** After this, GET /tasks/{id} answers UNKNOWN. */
	taskRetentionSeconds?: number;
	/** Size of each generated result MP4. */
	videoBytes?: number;
	/** Decide a task's fate when its run time is over; undefined = succeed. */
	outcome?: (task: TaskRecord) => TaskOutcome;
	/** Lifetime of upload policies (documented: 300 s). */
	uploadPolicySeconds?: number;
	/** Restrict models to one region's catalogue (unset: every model of the table). */
	region?: Region;
	/**
	 * Dedicated deployments of the account: deployed name → the model it runs (api-avatar.md §6.4, §7.4). A call
	 * naming a deployment in `model` is served as that model; temporary uploads are bound to the name sent.
	 */
	deployments?: Record<string, string>;
}

export interface SimulatorFaults {
	/** The next N create-task calls get HTTP 500 (no task created). */
	submit500?: number;
	/** The next `count` GET /tasks/{id} calls answer with this HTTP status. */
	queryStatus?: { status: number; count: number; code?: string; message?: string };
	/** Create the task, then destroy the socket without answering, N times. */
	dropSubmitResponseAfterCreate?: number;
	/** Destroy the connection of the next N GET /tasks/{id} calls without answering. */
	resetQuery?: number;
	/** Destroy the socket halfway through the next N result downloads. */
	resetDownload?: number;
	/**
	 * The next video result download sends `afterBytes` bytes, then holds the rest back until `release` settles
	 * (a test sees what the client did with the first part while the host is still sending). Consumed when it fires.
	 */
	holdDownload?: { afterBytes: number; release: Promise<void> };
	/** Wait this long before handling each create-task call. */
	delaySubmitMs?: number;
	/**
	 * The next create-task calls are refused (no task created), one entry each, in order: with a DashScope
	 * `code`, as the service answers; without one, as an HTML error page from a gateway in front of it.
	 */
	submitRefusals?: Array<{ status: number; code?: string; message?: string }>;
	/** The next detect (synchronous) calls are refused, one entry each, in order. */
	detectRefusals?: Array<{ status: number; code?: string; message?: string }>;
	/** The next synchronous generations (after generating) answer HTTP 200 with these bodies instead. */
	syncAnswers?: Array<Record<string, unknown>>;
	/** Destroy the socket of the next N create-task calls before any task is created. */
	dropSubmitBeforeCreate?: number;
	/** Spell the status of cancelled tasks CANCELLED, as the video pages do (api-gaps.md §6). */
	cancelledSpelling?: boolean;
}

export interface RequestLogEntry {
	host: 'api' | 'file';
	method: string;
	path: string;
	/** 0 when the socket was destroyed without a response. */
	status: number;
	at: number;
}

export interface SubmissionRecord {
	taskId: string;
	model: string;
	/** Request path, e.g. /api/v1/services/aigc/video-generation/video-synthesis */
	path: string;
	/** Request headers (lower-case names) without Authorization. */
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

export interface SimulatorStats {
	submits: number;
	submitRequests: number;
	rejected429: number;
	queries: number;
	lists: number;
	cancels: number;
	policies: number;
	uploads: number;
	fileRequests: number;
	authHeadersOnFileHost: number;
	authFailures: number;
	/** Create calls that sent X-DashScope-OssResourceResolve without any oss:// input. */
	resolveHeaderWithoutOss: number;
	requests: RequestLogEntry[];
	/** Accepted create-task calls: the raw JSON body plus where and how it was sent. */
	submissions: SubmissionRecord[];
	/** Detect (synchronous) calls received, answered or not. */
	detectRequests: number;
	/** Answered detect calls: the raw JSON body, where and how it was sent, and the answer's `output`. */
	detects: Array<{ model: string; path: string; headers: Record<string, string>; body: Record<string, unknown>; output: Record<string, unknown> }>;
	/** Synchronous generation calls received, answered or not. */
	syncRequests: number;
	/** Most synchronous generations held open at the same time (per model). */
	syncPeakInFlight: Record<string, number>;
	/** Answered synchronous generations (messages models): the raw JSON body and where and how it was sent. */
	syncGenerations: SubmissionRecord[];
	/** Undocumented fields seen in accepted calls (ignored by the service). */
	unknownFields: Array<{ taskId: string; model: string; field: string }>;
	/** Over-long text fields that were silently truncated. */
	truncations: Array<{ taskId: string; model: string; field: string; length: number; max: number }>;
}

export function newStats(): SimulatorStats {
	return {
		submits: 0,
		submitRequests: 0,
		rejected429: 0,
		queries: 0,
		lists: 0,
		cancels: 0,
		policies: 0,
		uploads: 0,
		fileRequests: 0,
		authHeadersOnFileHost: 0,
		authFailures: 0,
		resolveHeaderWithoutOss: 0,
		requests: [],
		submissions: [],
		detectRequests: 0,
		detects: [],
		syncRequests: 0,
		syncPeakInFlight: {},
		syncGenerations: [],
		unknownFields: [],
		truncations: [],
	};
}

export interface ResolvedConfig {
	apiKeys: string[];
	taskSeconds: number | Record<string, number>;
	pendingMs: number;
	limits: Record<string, { rps?: number; concurrency?: number }>;
	queryQps: number;
	resultTtlSeconds: number;
	taskRetentionSeconds: number;
	videoBytes: number;
	outcome: ((task: TaskRecord) => TaskOutcome) | undefined;
	uploadPolicySeconds: number;
	region: Region | undefined;
	deployments: Record<string, string>;
}

export interface SimState {
	config: ResolvedConfig;
	apiBaseUrl: string;
	fileBaseUrl: string;
	stats: SimulatorStats;
	faults: SimulatorFaults;
	engine: TaskEngine;
	signer: OssSigner;
	/** Submit RPS windows per model, query window, getPolicy windows per model. */
	submitWindows: Map<string, SlidingWindow>;
	queryWindow: SlidingWindow;
	policyWindows: Map<string, SlidingWindow>;
	policies: Map<string, IssuedPolicy>;
	uploads: Map<string, StoredUpload>;
	/** 32-hex account hash used in upload dirs. */
	accountHash: string;
}
