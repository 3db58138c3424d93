/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Helpers for the simulator's own tests: plain fetch calls against a running simulator.
import assert from 'node:assert/strict';

import { startSimulator } from './index';
import type { Simulator, SimulatorOptions } from './index';
import { MODELS } from './models';

/**
 * A simulator whose rate limits never get in the way (every model at 1000 submissions/s, 1000 queries/s),
 * for tests about request shapes and results; `concurrency` also lifts the running-task limit.
 */
export async function startUnthrottledSimulator(options: SimulatorOptions & { concurrency?: number } = {}): Promise<Simulator> {
	const { concurrency, ...rest } = options;
	const limit = concurrency === undefined ? { rps: 1000 } : { rps: 1000, concurrency };
	const limits = Object.fromEntries(Object.keys(MODELS).map((model) => [model, limit]));
	return await startSimulator({ queryQps: 1000, limits, ...rest });
}

export const T2V_PATH = '/services/aigc/video-generation/video-synthesis';
export const I2V_PATH = '/services/aigc/image2video/video-synthesis';

export type Json = any;

export interface Reply {
	status: number;
	body: Json;
	text: string;
	headers: Headers;
}

export interface CallOptions {
	body?: unknown;
	raw?: string;
	headers?: Record<string, string>;
	/** null = send no Authorization header. */
	key?: string | null;
}

export async function call(sim: Simulator, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { ...opts.headers };
	const key = opts.key === undefined ? sim.key : opts.key;
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	let body: string | undefined = opts.raw;
	if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${sim.apiBaseUrl}${path}`, { method, headers, body });
	const text = await res.text();
	let parsed: Json;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: res.status, body: parsed, text, headers: res.headers };
}

export function submit(
	sim: Simulator,
	body: unknown,
	opts: { path?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
	return call(sim, 'POST', opts.path ?? T2V_PATH, {
		body,
		headers: { 'X-DashScope-Async': 'enable', ...opts.headers },
	});
}

export async function submitOk(
	sim: Simulator,
	body: unknown,
	opts: { path?: string; headers?: Record<string, string> } = {},
): Promise<string> {
	const r = await submit(sim, body, opts);
	if (r.status !== 200) throw new Error(`submit failed: ${r.status} ${r.text}`);
	return r.body.output.task_id as string;
}

export const getTask = (sim: Simulator, id: string): Promise<Reply> => call(sim, 'GET', `/tasks/${id}`);

/** Polls until the task reaches one of `statuses`; returns the body. */
export async function waitFor(sim: Simulator, id: string, statuses: string[], timeoutMs = 8000): Promise<Json> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await getTask(sim, id);
		if (r.status === 200 && statuses.includes(r.body.output.task_status)) return r.body;
		if (Date.now() > deadline) throw new Error(`task ${id} still ${r.body?.output?.task_status ?? r.status}`);
		await new Promise((resolve) => setTimeout(resolve, 60));
	}
}

export const TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/** The call was refused with HTTP 400 and this code (and, if given, a message containing `messagePart`). */
export async function expectError(
	p: Promise<{ status: number; body: { code: string; message: string } }>,
	code: string,
	messagePart?: string,
): Promise<void> {
	const r = await p;
	assert.equal(r.status, 400, JSON.stringify(r.body));
	assert.equal(r.body.code, code);
	if (messagePart) assert.ok(r.body.message.includes(messagePart), r.body.message);
}
export const ok = async (p: Promise<{ status: number; text: string }>): Promise<void> => {
	const r = await p;
	assert.equal(r.status, 200, r.text);
};

/** getPolicy + OSS PostObject for `model`; returns the oss:// URL. */
export async function uploadFile(sim: Simulator, model: string, name: string, body: Buffer): Promise<string> {
	const r = await call(sim, 'GET', `/uploads?action=getPolicy&model=${encodeURIComponent(model)}`);
	assert.equal(r.status, 200, r.text);
	const d: Json = r.body.data;
	const key = `${d.upload_dir}/${name}`;
	const f = new FormData();
	const fields: Record<string, string> = {
		OSSAccessKeyId: d.oss_access_key_id,
		Signature: d.signature,
		policy: d.policy,
		key,
		'x-oss-object-acl': d.x_oss_object_acl,
		'x-oss-forbid-overwrite': d.x_oss_forbid_overwrite,
		success_action_status: '200',
	};
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	f.append('file', new Blob([body]), name);
	const res = await fetch(d.upload_host, { method: 'POST', body: f });
	assert.equal(res.status, 200, await res.text());
	return `oss://${key}`;
}
