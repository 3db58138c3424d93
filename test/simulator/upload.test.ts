/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Temporary upload (api-platform.md §2): getPolicy → OSS PostObject → oss:// with the resolve header.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { fixtures } from './fixtures';
import { startSimulator, type Simulator } from './index';
import { call, I2V_PATH, type Json, submit, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.1, pendingSeconds: 0, limits: { 'wan2.2-animate-move': { rps: 100 } } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function policy(model: string, target: Simulator = sim): Promise<Json> {
	const r = await call(target, 'GET', `/uploads?action=getPolicy&model=${encodeURIComponent(model)}`);
	assert.equal(r.status, 200, r.text);
	return r.body.data;
}

function form(
	data: Json,
	name: string,
	body: Buffer,
	opts: { fileFirst?: boolean; status200?: boolean; key?: string; omit?: string } = {},
): FormData {
	const f = new FormData();
	const file = (): void => f.append('file', new Blob([body]), name);
	if (opts.fileFirst) file();
	const fields: Record<string, string> = {
		OSSAccessKeyId: data.oss_access_key_id,
		Signature: data.signature,
		policy: data.policy,
		key: opts.key ?? `${data.upload_dir}/${name}`,
		'x-oss-object-acl': data.x_oss_object_acl,
		'x-oss-forbid-overwrite': data.x_oss_forbid_overwrite,
	};
	if (opts.status200 !== false) fields.success_action_status = '200';
	for (const [k, v] of Object.entries(fields)) if (k !== opts.omit) f.append(k, v);
	if (!opts.fileFirst) file();
	return f;
}

async function post(
	data: Json,
	f: FormData,
	headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
	const res = await fetch(data.upload_host, { method: 'POST', body: f, headers });
	return { status: res.status, text: await res.text() };
}

const png = (): Buffer => (fixtures().get('person.png') as { body: Buffer }).body;
const mp4 = (): Buffer => (fixtures().get('dance.mp4') as { body: Buffer }).body;
const code = (xml: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

describe('getPolicy', () => {
	it('returns the documented data fields and a policy OSS can enforce', async () => {
		const r = await call(sim, 'GET', '/uploads?action=getPolicy&model=wan2.2-animate-move');
		assert.equal(r.status, 200);
		assert.match(r.body.request_id, /^[0-9a-f-]{36}$/);
		const d = r.body.data;
		assert.deepEqual(Object.keys(d).sort(), [
			'capacity_limit_mb',
			'expire_in_seconds',
			'max_file_size_mb',
			'oss_access_key_id',
			'policy',
			'signature',
			'upload_dir',
			'upload_host',
			'x_oss_forbid_overwrite',
			'x_oss_object_acl',
		]);
		assert.match(d.upload_dir, /^dashscope-instant\/[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/);
		assert.equal(d.upload_host, `${sim.fileBaseUrl}/oss`);
		assert.equal(d.expire_in_seconds, 300);
		assert.equal(typeof d.max_file_size_mb, 'number');
		assert.equal(d.x_oss_object_acl, 'private');
		assert.equal(d.x_oss_forbid_overwrite, 'true');
		const doc = JSON.parse(Buffer.from(d.policy, 'base64').toString('utf8'));
		assert.ok(Date.parse(doc.expiration) > Date.now());
		assert.deepEqual(doc.conditions[0], ['content-length-range', 0, d.max_file_size_mb * 1024 * 1024]);
		assert.deepEqual(doc.conditions[1], ['starts-with', '$key', d.upload_dir]);
	});

	it('rejects missing keys, unknown models and bad actions', async () => {
		assert.equal((await call(sim, 'GET', '/uploads?action=getPolicy&model=wan2.6-t2v', { key: null })).status, 401);
		const unknown = await call(sim, 'GET', '/uploads?action=getPolicy&model=nope');
		assert.deepEqual([unknown.status, unknown.body.code], [404, 'ModelNotFound']);
		assert.equal((await call(sim, 'GET', '/uploads?action=getPolicy')).status, 400);
		assert.equal((await call(sim, 'GET', '/uploads?action=other&model=wan2.6-t2v')).status, 400);
	});
});

describe('PostObject', () => {
	it('stores the file: 200 empty with success_action_status=200, else 204', async () => {
		const d = await policy('wan2.2-animate-move');
		const ok = await post(d, form(d, 'a.png', png()));
		assert.deepEqual(ok, { status: 200, text: '' });
		const noStatus = await post(d, form(d, 'b.png', png(), { status200: false }));
		assert.equal(noStatus.status, 204);
		assert.equal(sim.stats.uploads, 2);
	});

	it('requires file to be the last field and every policy field', async () => {
		const d = await policy('wan2.2-animate-move');
		const first = await post(d, form(d, 'a.png', png(), { fileFirst: true }));
		assert.equal(first.status, 400);
		assert.equal(code(first.text), 'InvalidArgument');
		const missing = await post(d, form(d, 'a.png', png(), { omit: 'x-oss-forbid-overwrite' }));
		assert.equal(missing.status, 400);
		assert.match(missing.text, /x-oss-forbid-overwrite/);
	});

	it('refuses an Authorization header (the API key never goes to OSS)', async () => {
		const d = await policy('wan2.2-animate-move');
		const r = await post(d, form(d, 'a.png', png()), { Authorization: `Bearer ${sim.key}` });
		assert.equal(r.status, 403);
		assert.match(r.text, /^<\?xml/);
		assert.equal(sim.stats.authHeadersOnFileHost, 1);
		assert.equal(sim.stats.uploads, 0);
	});

	it('enforces signature, key prefix and no-overwrite', async () => {
		const d = await policy('wan2.2-animate-move');
		const badSig = await post({ ...d }, form({ ...d, signature: 'AAAA' }, 'a.png', png()));
		assert.equal(badSig.status, 403);
		assert.equal(code(badSig.text), 'SignatureDoesNotMatch');
		const outside = await post(d, form(d, 'a.png', png(), { key: 'dashscope-instant/elsewhere/a.png' }));
		assert.equal(outside.status, 403);
		assert.match(outside.text, /Policy Condition failed/);
		assert.equal((await post(d, form(d, 'a.png', png()))).status, 200);
		const again = await post(d, form(d, 'a.png', png()));
		assert.equal(again.status, 409);
		assert.equal(code(again.text), 'FileAlreadyExists');
	});

	it('refuses expired policies', async () => {
		const short = await startSimulator({ uploadPolicySeconds: 0.3 });
		try {
			const d = await policy('wan2.2-animate-move', short);
			await new Promise((r) => setTimeout(r, 400));
			const r = await post(d, form(d, 'a.png', png()));
			assert.equal(r.status, 403);
			assert.match(r.text, /Policy expired/);
		} finally {
			await short.close();
		}
	});
});

describe('oss:// inputs', () => {
	async function uploadPair(model: string): Promise<{ image: string; video: string }> {
		const d = await policy(model);
		assert.equal((await post(d, form(d, 'person.png', png()))).status, 200);
		assert.equal((await post(d, form(d, 'dance.mp4', mp4()))).status, 200);
		return { image: `oss://${d.upload_dir}/person.png`, video: `oss://${d.upload_dir}/dance.mp4` };
	}
	const animate = (model: string, urls: { image: string; video: string }, resolve: boolean) =>
		submit(
			sim,
			{ model, input: { image_url: urls.image, video_url: urls.video }, parameters: { mode: 'wan-std' } },
			{ path: I2V_PATH, headers: resolve ? { 'X-DashScope-OssResourceResolve': 'enable' } : {} },
		);

	it('resolves uploaded files only with the resolve header', async () => {
		const urls = await uploadPair('wan2.2-animate-move');
		const without = await animate('wan2.2-animate-move', urls, false);
		assert.equal(without.status, 400);
		assert.equal(without.body.code, 'InvalidParameter.DataInspection');
		const withHeader = await animate('wan2.2-animate-move', urls, true);
		assert.equal(withHeader.status, 200, withHeader.text);
		const done = await waitFor(sim, withHeader.body.output.task_id, ['SUCCEEDED']);
		assert.equal(done.usage.video_duration, 5.2, 'the uploaded video was really read');
	});

	it('binds uploads to the model named in getPolicy', async () => {
		const urls = await uploadPair('wan2.2-animate-mix');
		const r = await animate('wan2.2-animate-move', urls, true);
		assert.equal(r.status, 400);
		assert.equal(r.body.code, 'InvalidParameter.DataInspection');
	});
});
