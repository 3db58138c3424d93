/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The DashScope API host: create task, query, batch query, cancel, upload policy (api-platform.md §1–§3).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMedia } from './media';
import { SYNC_GENERATION_ENDPOINTS } from './messages';
import { detectAnswer, SYNC_ENDPOINTS, TEMPLATES } from './avatar';
import { ENDPOINTS, TRAILING_SLASH_OK, modelRule } from './models';
import type { ModelRule } from './models';
import { issuePolicy, OSS_ACCESS_KEY_ID } from './oss';
import type { SimState } from './state';
import type { TaskRecord } from './tasks';
import {
	formatTaskTime,
	isRecord,
	parseListTime,
	readBody,
	safeDecode,
	sendJson,
	sleep,
	SlidingWindow,
	uuid,
} from './util';
import { validateBody } from './validate';
import type { ValidRequest } from './validate';

const MAX_BODY = 32 * 1024 * 1024; // simulator guard; the real limit is not documented
const DAY_MS = 24 * 3600_000;
const UPLOAD_MAX_BYTES = 1073741824; // recorded policy: content-length-range 0..1 GiB
const ACCOUNT_UID = '1490000000000001';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, apiKey: string) => Promise<void> | void;

function fail(state: SimState, res: ServerResponse, status: number, code: string, message: string): void {
	if (status === 429) state.stats.rejected429++;
	const requestId = uuid();
	const headers: Record<string, string> = status === 401 ? { 'X-Request-ID': requestId } : {};
	sendJson(res, status, { request_id: requestId, code, message }, headers);
}

const rateLimited = (state: SimState, res: ServerResponse): void =>
	fail(state, res, 429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');

export function createApiHandler(state: SimState): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://api.local');
		res.on('close', () => {
			const status = res.headersSent ? res.statusCode : 0;
			state.stats.requests.push({ host: 'api', method: req.method ?? '', path: req.url ?? '', status, at: Date.now() });
		});
		const handler = route(req.method ?? '', url.pathname);
		if (!handler) {
			req.resume();
			fail(state, res, 404, 'NotFound', 'url error, please check url!');
			return;
		}
		const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
		const apiKey = auth?.[1];
		if (!apiKey || !state.config.apiKeys.includes(apiKey)) {
			req.resume();
			state.stats.authFailures++;
			fail(state, res, 401, 'InvalidApiKey', apiKey ? 'Invalid API-key provided.' : 'No API-key provided.');
			return;
		}
		// then(): a synchronous throw (e.g. a malformed %-escape in the path) must not crash the server.
		Promise.resolve()
			.then(() => handler(state, req, res, url, apiKey))
			.catch((err: unknown) => {
				if (!res.headersSent) fail(state, res, 500, 'InternalError', `Simulator error: ${String(err)}`);
				else res.destroy();
			});
	};
}

type StateHandler = (state: SimState, ...args: Parameters<Handler>) => ReturnType<Handler>;

function route(method: string, path: string): StateHandler | undefined {
	const rest = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : undefined;
	if (rest === undefined) return undefined;
	if (method === 'POST') {
		for (const endpoint of Object.values(ENDPOINTS)) {
			if (rest === endpoint || (rest === `${endpoint}/` && TRAILING_SLASH_OK.has(endpoint))) {
				if (SYNC_ENDPOINTS.has(endpoint)) return (s, req, res) => detect(s, req, res, endpoint);
				if (SYNC_GENERATION_ENDPOINTS.has(endpoint)) return (s, req, res, _url, key) => generateSync(s, req, res, endpoint, key);
				return (s, req, res, _url, key) => submit(s, req, res, endpoint, key);
			}
		}
		const cancelMatch = /^\/tasks\/([^/]+)\/cancel$/.exec(rest);
		if (cancelMatch) return (s, req, res) => cancel(s, req, res, safeDecode(cancelMatch[1] as string));
	}
	if (method === 'GET') {
		if (rest === '/tasks' || rest === '/tasks/') return list;
		const taskMatch = /^\/tasks\/([^/]+)$/.exec(rest);
		if (taskMatch) return (s, req, res) => getTask(s, req, res, safeDecode(taskMatch[1] as string));
		if (rest === '/uploads') return getPolicy;
	}
	return undefined;
}

// ---------- create task ----------

/** A create or detect call that passed every check: what the service understood of it. */
interface Accepted {
	model: string;
	rule: ModelRule;
	body: Record<string, unknown>;
	valid: ValidRequest;
	mediaSeconds: Record<string, number>;
	mediaPixels: Record<string, { width: number; height: number }>;
}

/**
 * The checks a create-task call and a detect call share: JSON body, model, endpoint, the model's RPS,
 * field rules and media. Answers the refusal itself and resolves to undefined when refused.
 */
async function accept(state: SimState, req: IncomingMessage, res: ServerResponse, endpoint: string, raw: Buffer | undefined): Promise<Accepted | undefined> {
	const { stats, config } = state;
	const refuse = (status: number, code: string, message: string): undefined => void fail(state, res, status, code, message);
	if (!raw) return refuse(413, 'BadRequest.TooLarge', 'Payload Too Large');
	let body: unknown;
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		return refuse(400, 'BadRequest.IllegalInput', 'The request body is not valid JSON.');
	}
	if (!isRecord(body)) return refuse(400, 'BadRequest.IllegalInput', 'The request body must be a JSON object.');
	const sent = body.model;
	if (sent === undefined || sent === null || sent === '') {
		return refuse(400, 'BadRequest.EmptyModel', 'Required parameter "model" missing from request.');
	}
	if (typeof sent !== 'string') return refuse(400, 'InvalidParameter', 'model must be a string.');
	// A dedicated deployment's name is served as the model it runs.
	const model = Object.hasOwn(config.deployments, sent) ? config.deployments[sent] : sent;
	const found = modelRule(model, config.region);
	if (!found) return refuse(404, 'ModelNotFound', 'Model not exist.');
	const rule = found.syncRule?.endpoint === endpoint ? found.syncRule : found;
	if (rule.endpoint !== endpoint && rule.syncEndpoint !== endpoint) {
		return refuse(400, 'InvalidParameter', `Model ${model} is not supported by the API ${endpoint}.`);
	}
	if (!submitWindow(state, model, rule.rps).tryTake()) return void rateLimited(state, res);

	const valid = validateBody(model, rule, body, endpoint);
	if ('code' in valid) return refuse(valid.status, valid.code, valid.message);
	if (rule.requiresTemplate && !TEMPLATES.has(String(valid.input.template_id))) {
		// Templates are bound to the account that made them; the wording is not documented.
		return refuse(400, 'InvalidParameter', `input.template_id ${String(valid.input.template_id)} does not exist or belongs to another account.`);
	}
	const resolveOss = String(req.headers['x-dashscope-ossresourceresolve'] ?? '').toLowerCase() === 'enable';
	const mediaSeconds: Record<string, number> = {};
	const mediaPixels: Record<string, { width: number; height: number }> = {};
	for (const ref of valid.media) {
		const checked = await checkMedia(ref, {
			model: sent,
			fileBaseUrl: state.fileBaseUrl,
			resolveOss,
			upload: (key) => state.uploads.get(key),
		});
		if ('code' in checked) return refuse(checked.status, checked.code, checked.message);
		if (checked.seconds !== undefined) mediaSeconds[ref.field] = checked.seconds;
		if (checked.pixels !== undefined) mediaPixels[ref.field] = checked.pixels;
	}
	if (resolveOss && !valid.media.some((m) => m.url.startsWith('oss://'))) stats.resolveHeaderWithoutOss++;
	return { model, rule, body, valid, mediaSeconds, mediaPixels };
}

const loggedHeaders = (req: IncomingMessage): Record<string, string> => {
	const { authorization: _auth, ...headers } = req.headers;
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
};

async function submit(
	state: SimState,
	req: IncomingMessage,
	res: ServerResponse,
	endpoint: string,
	apiKey: string,
): Promise<void> {
	const { stats, faults } = state;
	stats.submitRequests++;
	if (faults.delaySubmitMs) await sleep(faults.delaySubmitMs);
	const raw = await readBody(req, MAX_BODY);
	if (faults.submit500 && faults.submit500 > 0) {
		faults.submit500--;
		return fail(state, res, 500, 'InternalError', 'Internal server error!');
	}
	if (faults.dropSubmitBeforeCreate && faults.dropSubmitBeforeCreate > 0) {
		faults.dropSubmitBeforeCreate--;
		req.socket.destroy();
		return;
	}
	const refusal = faults.submitRefusals?.shift();
	if (refusal) {
		if (refusal.code) return fail(state, res, refusal.status, refusal.code, refusal.message ?? `Injected ${refusal.code}.`);
		res.writeHead(refusal.status, { 'Content-Type': 'text/html' });
		res.end(`<html><body><h1>${refusal.status} Bad Gateway</h1></body></html>`);
		return;
	}
	if (req.headers['x-dashscope-async'] !== 'enable') {
		return fail(state, res, 403, 'AccessDenied', 'current user api does not support synchronous calls');
	}
	const accepted = await accept(state, req, res, endpoint, raw);
	if (!accepted) return;
	const task = taskOf(state, accepted, endpoint, apiKey);
	state.engine.add(task);
	stats.submits++;
	stats.submissions.push({ taskId: task.taskId, model: task.model, path: req.url ?? '', headers: loggedHeaders(req), body: accepted.body });
	for (const field of task.unknownFields) stats.unknownFields.push({ taskId: task.taskId, model: task.model, field });
	for (const t of task.truncations) stats.truncations.push({ taskId: task.taskId, model: task.model, ...t });

	if (faults.dropSubmitResponseAfterCreate && faults.dropSubmitResponseAfterCreate > 0) {
		faults.dropSubmitResponseAfterCreate--;
		req.socket.destroy();
		return;
	}
	sendJson(res, 200, { output: { task_status: 'PENDING', task_id: task.taskId }, request_id: task.requestId });
}

function taskOf(state: SimState, accepted: Accepted, endpoint: string, apiKey: string): TaskRecord {
	const { model, rule, valid, mediaSeconds, mediaPixels } = accepted;
	return {
		taskId: uuid(),
		requestId: uuid(),
		model,
		family: rule.family,
		endpoint,
		apiKey,
		input: valid.input,
		parameters: valid.parameters,
		unknownFields: valid.unknownFields,
		truncations: valid.truncations,
		mediaSeconds,
		mediaPixels,
		status: 'PENDING',
		submittedAt: Date.now(),
		runMs: runSeconds(state, model) * 1000,
	};
}

// ---------- synchronous generation (messages models, api-gaps.md §1.1, §1.3) ----------

/**
 * The answer is the result: the call is held open for the model's run time, then answered with the same
 * `output` a finished task would carry (no task id). Faults: `submitRefusals` refuse the next calls,
 * `dropSubmitResponseAfterCreate` generates (and bills) but drops the connection instead of answering,
 * `syncAnswers` replace the next answers' bodies (HTTP 200).
 */
/** Synchronous generations being worked on, per simulator and model. */
const syncInFlightByState = new WeakMap<SimState, Map<string, number>>();

async function generateSync(state: SimState, req: IncomingMessage, res: ServerResponse, endpoint: string, apiKey: string): Promise<void> {
	const { stats, faults } = state;
	stats.syncRequests++;
	const syncInFlight = syncInFlightByState.get(state) ?? new Map<string, number>();
	syncInFlightByState.set(state, syncInFlight);
	const raw = await readBody(req, MAX_BODY);
	const refusal = faults.submitRefusals?.shift();
	if (refusal) return fail(state, res, refusal.status, refusal.code ?? 'InternalError', refusal.message ?? `Injected ${refusal.code}.`);
	if (req.headers['x-dashscope-async'] === 'enable') {
		return fail(state, res, 403, 'AccessDenied', 'current user api does not support asynchronous calls');
	}
	const accepted = await accept(state, req, res, endpoint, raw);
	if (!accepted) return;
	const task = { ...taskOf(state, accepted, endpoint, apiKey), sync: true };
	const inFlight = (syncInFlight.get(task.model) ?? 0) + 1;
	syncInFlight.set(task.model, inFlight);
	stats.syncPeakInFlight[task.model] = Math.max(stats.syncPeakInFlight[task.model] ?? 0, inFlight);
	try {
		await sleep(task.runMs);
	} finally {
		syncInFlight.set(task.model, (syncInFlight.get(task.model) ?? 1) - 1);
	}
	state.engine.complete(task);
	stats.syncGenerations.push({ taskId: task.taskId, model: task.model, path: req.url ?? '', headers: loggedHeaders(req), body: accepted.body });
	for (const field of task.unknownFields) stats.unknownFields.push({ taskId: '', model: task.model, field });
	for (const t of task.truncations) stats.truncations.push({ taskId: '', model: task.model, ...t });
	if (faults.dropSubmitResponseAfterCreate && faults.dropSubmitResponseAfterCreate > 0) {
		faults.dropSubmitResponseAfterCreate--;
		req.socket.destroy();
		return;
	}
	if (task.status === 'FAILED') return fail(state, res, 400, task.code ?? 'InternalError', task.message ?? 'Generation failed.');
	const injected = faults.syncAnswers?.shift();
	if (injected) return sendJson(res, 200, injected);
	sendJson(res, 200, { output: task.output, usage: task.usage, request_id: task.requestId });
}

// ---------- synchronous detect (api-avatar.md §2, §6.1) ----------

/**
 * The detect models answer at once, no task. `[[nopass]]` in the image URL makes the check fail (in the
 * model's own shape, see avatar.ts); `faults.detectRefusals` refuses the next calls.
 */
async function detect(state: SimState, req: IncomingMessage, res: ServerResponse, endpoint: string): Promise<void> {
	const { stats, faults } = state;
	stats.detectRequests++;
	const raw = await readBody(req, MAX_BODY);
	const refusal = faults.detectRefusals?.shift();
	if (refusal) return fail(state, res, refusal.status, refusal.code ?? 'InternalError', refusal.message ?? `Injected ${refusal.code}.`);
	if (req.headers['x-dashscope-async'] === 'enable') {
		return fail(state, res, 403, 'AccessDenied', 'current user api does not support asynchronous calls');
	}
	const accepted = await accept(state, req, res, endpoint, raw);
	if (!accepted) return;
	const { model, body, valid } = accepted;
	const output = detectAnswer(model, valid.input, valid.parameters);
	for (const field of valid.unknownFields) stats.unknownFields.push({ taskId: '', model, field });
	stats.detects.push({ model, path: req.url ?? '', headers: loggedHeaders(req), body, output });
	// Billed per image whenever the request succeeds, passed or not.
	sendJson(res, 200, { output, usage: { image_count: 1 }, request_id: uuid() });
}

function submitWindow(state: SimState, model: string, defaultRps: number): SlidingWindow {
	let window = state.submitWindows.get(model);
	if (!window) {
		window = new SlidingWindow(state.config.limits[model]?.rps ?? defaultRps);
		state.submitWindows.set(model, window);
	}
	return window;
}

function runSeconds(state: SimState, model: string): number {
	const t = state.config.taskSeconds;
	return typeof t === 'number' ? t : (t[model] ?? 2);
}

// ---------- query one task ----------

function isExpired(state: SimState, task: TaskRecord, now: number): boolean {
	return now - task.submittedAt > state.config.taskRetentionSeconds * 1000;
}

function getTask(state: SimState, req: IncomingMessage, res: ServerResponse, taskId: string): void {
	state.stats.queries++;
	if (state.faults.resetQuery && state.faults.resetQuery > 0) {
		state.faults.resetQuery--;
		req.socket.destroy();
		return;
	}
	const fault = state.faults.queryStatus;
	if (fault && fault.count > 0) {
		fault.count--;
		const code = fault.code ?? (fault.status === 429 ? 'Throttling.RateQuota' : 'InternalError');
		return fail(state, res, fault.status, code, fault.message ?? `Injected HTTP ${fault.status}.`);
	}
	if (!state.queryWindow.tryTake()) return rateLimited(state, res);
	const task = state.engine.tasks.get(taskId);
	if (!task || task.sync || isExpired(state, task, Date.now())) {
		return sendJson(res, 200, { request_id: uuid(), output: { task_id: taskId, task_status: 'UNKNOWN' } });
	}
	const output: Record<string, unknown> = {
		task_id: task.taskId,
		task_status: task.status === 'CANCELED' && state.faults.cancelledSpelling ? 'CANCELLED' : task.status,
		submit_time: formatTaskTime(task.submittedAt),
	};
	if (task.scheduledAt !== undefined) output.scheduled_time = formatTaskTime(task.scheduledAt);
	if (task.endedAt !== undefined) output.end_time = formatTaskTime(task.endedAt);
	const body: Record<string, unknown> = { request_id: uuid(), output };
	if (task.status === 'FAILED') Object.assign(output, { code: task.code, message: task.message });
	if (task.status === 'SUCCEEDED') {
		Object.assign(output, task.output);
		body.usage = task.usage; // usage only for successful tasks
	}
	sendJson(res, 200, body);
}

// ---------- batch query ----------

function list(state: SimState, _req: IncomingMessage, res: ServerResponse, url: URL): void {
	state.stats.lists++;
	if (!state.queryWindow.tryTake()) return rateLimited(state, res);
	const q = url.searchParams;
	const now = Date.now();
	const parsed: Record<'start' | 'end', number | undefined> = { start: undefined, end: undefined };
	for (const [name, key] of [
		['start_time', 'start'],
		['end_time', 'end'],
	] as const) {
		const text = q.get(name);
		if (text === null) continue;
		parsed[key] = parseListTime(text);
		if (parsed[key] === undefined) return fail(state, res, 400, 'InvalidParameter', `${name} must be YYYYMMDDhhmmss.`);
	}
	const start = parsed.start ?? (parsed.end !== undefined ? parsed.end - DAY_MS : now - DAY_MS);
	const end = parsed.end ?? (parsed.start !== undefined ? parsed.start + DAY_MS : now);
	if (end < start) return fail(state, res, 400, 'InvalidParameter', 'end_time must not be earlier than start_time.');
	if (end - start > DAY_MS) {
		return fail(
			state,
			res,
			400,
			'InvalidParameter',
			'The time range between start_time and end_time must not exceed 24 hours.',
		);
	}
	const pageNo = positiveInt(q.get('page_no'), 1);
	const pageSize = positiveInt(q.get('page_size'), 10);
	if (pageNo === undefined) return fail(state, res, 400, 'InvalidParameter', 'page_no must be a positive integer.');
	if (pageSize === undefined) return fail(state, res, 400, 'InvalidParameter', 'page_size must be a positive integer.');

	const matches = [...state.engine.tasks.values()]
		.filter(
			(t) =>
				!t.sync &&
				!isExpired(state, t, now) &&
				t.submittedAt >= start &&
				t.submittedAt < end + 1000 && // end_time has second precision and is inclusive
				(!q.get('task_id') || t.taskId === q.get('task_id')) &&
				(!q.get('model_name') || t.model === q.get('model_name')) &&
				(!q.get('status') || t.status === q.get('status')),
		)
		// Newest first (order is not documented). The map keeps creation order, which also orders tasks
		// created within the same millisecond.
		.reverse();
	const data = matches.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((t) => listItem(state, t));
	sendJson(res, 200, {
		request_id: uuid(),
		total: matches.length,
		total_page: Math.ceil(matches.length / pageSize),
		page_no: pageNo,
		page_size: pageSize,
		data,
	});
}

function positiveInt(text: string | null, fallback: number): number | undefined {
	if (text === null) return fallback;
	return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

function listItem(state: SimState, t: TaskRecord): Record<string, unknown> {
	const [, , , group, fn] = t.endpoint.split('/'); // /services/aigc/<group>/<function>
	const item: Record<string, unknown> = {
		task_id: t.taskId,
		status: t.status,
		model_name: t.model,
		gmt_create: t.submittedAt,
	};
	if (t.scheduledAt !== undefined) item.start_time = t.scheduledAt;
	if (t.endedAt !== undefined) item.end_time = t.endedAt;
	return Object.assign(item, {
		region: state.config.region ?? 'cn-beijing',
		request_id: t.requestId,
		api_key_id: String(40000 + state.config.apiKeys.indexOf(t.apiKey)),
		caller_parent_id: ACCOUNT_UID,
		caller_uid: ACCOUNT_UID,
		user_api_unique_key: `apikey:v1:aigc:${group}:${fn}:${t.model}`,
	});
}

// ---------- cancel ----------

function cancel(state: SimState, req: IncomingMessage, res: ServerResponse, taskId: string): void {
	req.resume();
	state.stats.cancels++;
	if (!state.queryWindow.tryTake()) return rateLimited(state, res);
	const task = state.engine.tasks.get(taskId);
	if (task && !isExpired(state, task, Date.now()) && state.engine.cancel(taskId)) {
		return sendJson(res, 200, { request_id: uuid() });
	}
	fail(
		state,
		res,
		400,
		'UnsupportedOperation',
		'Failed to cancel the task, please confirm if the task is in PENDING status.',
	);
}

// ---------- temporary upload policy (api-platform.md §2.2) ----------

function getPolicy(state: SimState, _req: IncomingMessage, res: ServerResponse, url: URL): void {
	const q = url.searchParams;
	if (q.get('action') !== 'getPolicy') return fail(state, res, 400, 'InvalidParameter', 'action must be getPolicy.');
	const model = q.get('model');
	if (!model) return fail(state, res, 400, 'InvalidParameter', 'Field required: model');
	const served = Object.hasOwn(state.config.deployments, model) ? state.config.deployments[model] : model;
	if (!modelRule(served, state.config.region)) return fail(state, res, 404, 'ModelNotFound', 'Model not exist.');
	let window = state.policyWindows.get(model);
	if (!window) state.policyWindows.set(model, (window = new SlidingWindow(100))); // 100 QPS per account+model
	if (!window.tryTake()) return rateLimited(state, res);
	state.stats.policies++;
	const issued = issuePolicy(
		state.signer,
		model,
		state.accountHash,
		Date.now(),
		state.config.uploadPolicySeconds,
		UPLOAD_MAX_BYTES,
	);
	state.policies.set(issued.policy, issued);
	sendJson(res, 200, {
		request_id: uuid(),
		data: {
			policy: issued.policy,
			signature: issued.signature,
			upload_dir: issued.uploadDir,
			upload_host: `${state.fileBaseUrl}/oss`,
			expire_in_seconds: state.config.uploadPolicySeconds,
			max_file_size_mb: UPLOAD_MAX_BYTES / 1024 / 1024,
			capacity_limit_mb: 999999999,
			oss_access_key_id: OSS_ACCESS_KEY_ID,
			x_oss_object_acl: 'private',
			x_oss_forbid_overwrite: 'true',
		},
	});
}
