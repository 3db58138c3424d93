/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from '@jest/globals';

import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { ApiResponse, DashScopeClient } from '../../nodes/Wan/engine/dashscope';
import {
	multipartEnvelope,
	objectKey,
	parseOssError,
	parsePolicy,
	policyFormFields,
	regionOfBaseUrl,
	sanitizeFileName,
	TemporaryUploader,
	temporaryUploadProblem,
	TEMPORARY_FILE_LIFETIME_MS,
} from '../../nodes/Wan/engine/upload';
import type { UploadFile } from '../../nodes/Wan/engine/upload';
import { parseMultipart } from '../simulator/oss';
import { CancelledError, DashScopeCallError } from '../../nodes/Wan/errors';

describe('upload helpers', () => {
	it('sanitises file names to [A-Za-z0-9._-], keeping or adding the extension', () => {
		assert.equal(sanitizeFileName('Photo of me (1).PNG'), 'Photo_of_me_1.PNG');
		assert.equal(sanitizeFileName('café crème.jpg'), 'cafe_creme.jpg');
		assert.equal(sanitizeFileName('照片.png'), 'file.png');
		assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
		assert.equal(sanitizeFileName('C:\\Users\\me\\clip.final.mp4'), 'clip.final.mp4');
		assert.equal(sanitizeFileName('recording', 'audio/x-wav'), 'recording.wav');
		assert.equal(sanitizeFileName('', 'video/mp4; codecs=avc1'), 'file.mp4');
		assert.equal(sanitizeFileName('.hidden'), 'file.hidden');
		assert.equal(sanitizeFileName(`${'x'.repeat(300)}.webp`), `${'x'.repeat(80)}.webp`);
		for (const name of ['a"b.png', 'line\r\nbreak.mp3', 'tab\there.wav', '💃🏽.mp4', 'a b/c d.bmp']) {
			assert.match(sanitizeFileName(name), /^[A-Za-z0-9._-]+$/, name);
		}
	});

	it('puts each file under the policy directory with a unique prefix', () => {
		assert.equal(objectKey('dashscope-instant/h/2026-01-01/u/', 'abc123', 'cat.png'), 'dashscope-instant/h/2026-01-01/u/abc123-cat.png');
	});

	it('encodes multipart/form-data that a strict parser reads back byte for byte, file last', () => {
		const file = Buffer.concat([Buffer.from('\r\n--not-the-boundary\r\n'), Buffer.from([0, 1, 2, 255])]);
		const fields: Array<[string, string]> = [
			['OSSAccessKeyId', 'AK'],
			['key', 'dir/a"b.png'],
			['success_action_status', '200'],
		];
		const envelope = multipartEnvelope(fields, { fileName: 'we"ird\r\n.png', mimeType: 'image/png' }, '----WanUploadTest0123');
		assert.equal(envelope.contentType, 'multipart/form-data; boundary=----WanUploadTest0123');
		const parts = parseMultipart(envelope.contentType, Buffer.concat([envelope.head, file, envelope.tail]));
		assert.ok(parts);
		assert.deepEqual(
			parts.map((p) => p.name),
			['OSSAccessKeyId', 'key', 'success_action_status', 'file'],
		);
		assert.equal(parts[1].data.toString(), 'dir/a"b.png', 'values are raw bytes');
		assert.equal(parts[3].filename, 'we%22ird%0D%0A.png');
		assert.equal(parts[3].contentType, 'image/png');
		assert.deepEqual(parts[3].data, file);
		const odd = multipartEnvelope([], { fileName: 'x', mimeType: 'not a mime\r\nX-Evil: 1' }, 'b0123456789');
		assert.match(odd.head.toString(), /Content-Type: application\/octet-stream\r\n\r\n$/);
	});

	it('reads OSS XML errors', () => {
		const xml =
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>AccessDenied</Code>\n  <Message>Invalid according to Policy: Policy expired &amp; gone.</Message>\n' +
			'  <RequestId>5F3A</RequestId>\n  <HostId>dashscope-file-mgr.oss-cn-beijing.aliyuncs.com</HostId>\n</Error>';
		assert.deepEqual(parseOssError(xml), { code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired & gone.', requestId: '5F3A' });
		assert.deepEqual(parseOssError(''), { code: undefined, message: undefined, requestId: undefined });
	});

	it('parses getPolicy answers leniently and says what is missing', () => {
		const now = 1_700_000_000_000;
		const policy = parsePolicy('m', policyBody(1, { expire_in_seconds: '120', max_file_size_mb: '100', x_oss_forbid_overwrite: true }), now);
		assert.ok(typeof policy !== 'string');
		assert.equal(policy.expiresAt, now + 120_000);
		assert.equal(policy.maxFileBytes, 100 * 1024 * 1024);
		assert.equal(policy.forbidOverwrite, 'true');
		assert.equal(policy.uploadDir, 'dashscope-instant/hash/2026-01-01/u1');
		const defaults = parsePolicy('m', policyBody(1, { expire_in_seconds: undefined, max_file_size_mb: null, x_oss_object_acl: undefined }), now);
		assert.ok(typeof defaults !== 'string');
		assert.deepEqual([defaults.lifetimeMs, defaults.maxFileBytes, defaults.acl], [300_000, undefined, 'private']);
		assert.match(String(parsePolicy('m', { request_id: 'r' }, now)), /^the answer does not fit \(data: /);
		assert.match(String(parsePolicy('m', policyBody(1, { signature: '', upload_host: undefined }), now)), /data\.signature: .*; data\.upload_host: /);
		assert.match(String(parsePolicy('m', policyBody(1, { upload_host: 'ftp://x' }), now)), /not an http\(s\) URL/);
	});

	it('sends the documented PostObject fields', () => {
		const policy = parsePolicy('m', policyBody(1), 0);
		assert.ok(typeof policy !== 'string');
		assert.deepEqual(
			policyFormFields(policy, 'dir/k.png', 'image/png').map(([name]) => name),
			['OSSAccessKeyId', 'Signature', 'policy', 'key', 'x-oss-object-acl', 'x-oss-forbid-overwrite', 'x-oss-content-type', 'success_action_status'],
		);
	});

	it('knows which hosts offer temporary upload (Beijing only); overrides are tried', () => {
		assert.equal(temporaryUploadProblem('https://dashscope.aliyuncs.com/api/v1'), undefined);
		assert.equal(temporaryUploadProblem('https://ws-1.cn-beijing.maas.aliyuncs.com/api/v1'), undefined);
		assert.equal(temporaryUploadProblem('http://127.0.0.1:8700/api/v1'), undefined);
		assert.equal(temporaryUploadProblem('https://my-gateway.example.com/dashscope/api/v1'), undefined);
		assert.equal(regionOfBaseUrl('https://dashscope-intl.aliyuncs.com/api/v1/')?.id, 'ap-southeast-1');
		assert.match(
			temporaryUploadProblem('https://dashscope-intl.aliyuncs.com/api/v1') ?? '',
			/only in China \(Beijing\), and the credential uses Singapore/,
		);
		assert.match(temporaryUploadProblem('https://ws-9.eu-central-1.maas.aliyuncs.com/api/v1') ?? '', /Germany \(Frankfurt\)/);
		assert.match(temporaryUploadProblem('https://dashscope-us.aliyuncs.com/api/v1') ?? '', /US \(Virginia\)/);
	});
});

// ------------------------------------------------------------------------------------------------
// The uploader against scripted answers (the real flow runs in test/node/upload.test.ts)
// ------------------------------------------------------------------------------------------------

function policyBody(n: number, overrides: IDataObject = {}): IDataObject {
	return {
		request_id: `req-${n}`,
		data: {
			policy: `policy-${n}`,
			signature: `sig-${n}`,
			upload_dir: `dashscope-instant/hash/2026-01-01/u${n}`,
			upload_host: 'https://oss.example.com',
			expire_in_seconds: 300,
			max_file_size_mb: 100,
			capacity_limit_mb: 999999999,
			oss_access_key_id: 'LTAI-test',
			x_oss_object_acl: 'private',
			x_oss_forbid_overwrite: 'true',
			...overrides,
		},
	};
}

const ossXml = (code: string, message: string) => `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId></Error>`;

interface Sent {
	options: IHttpRequestOptions;
	body: Buffer;
	fields: Record<string, string>;
	file: Buffer;
}

async function collect(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** A fake execution context whose httpRequest answers from `oss`, and a fake client answering getPolicy from `api`. */
function fakes(
	api: Array<ApiResponse | undefined>,
	oss: Array<{ statusCode: number; body: string } | Error> = [],
	baseUrl = 'http://gateway.test/api/v1',
) {
	const policyCalls: IDataObject[] = [];
	const sent: Sent[] = [];
	let policyCount = 0;
	const client = {
		baseUrl,
		region: 'cn-beijing',
		async request(method: string, path: string, options: { qs?: IDataObject }) {
			assert.equal(`${method} ${path}`, 'GET /uploads');
			policyCalls.push(options.qs ?? {});
			return api.shift() ?? { status: 200, body: policyBody(++policyCount) };
		},
	} as unknown as DashScopeClient;
	const ctx = {
		helpers: {
			async httpRequest(options: IHttpRequestOptions) {
				const body = await collect(options.body);
				const parts = parseMultipart(String((options.headers as IDataObject)['Content-Type']), body) ?? [];
				const fields = Object.fromEntries(parts.filter((p) => p.name !== 'file').map((p) => [p.name, p.data.toString()]));
				sent.push({ options, body, fields, file: parts.find((p) => p.name === 'file')?.data ?? Buffer.alloc(0) });
				const answer = oss.shift() ?? { statusCode: 200, body: '' };
				if (answer instanceof Error) throw answer;
				return answer;
			},
			binaryToBuffer: collect,
		},
	} as unknown as IExecuteFunctions;
	return { client, ctx, policyCalls, sent };
}

const file = (bytes: Buffer, fileName = 'person.png', mimeType = 'image/png'): UploadFile => ({ fileName, mimeType, bytes: bytes.length, data: bytes });

async function failure(promise: Promise<unknown>): Promise<DashScopeCallError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof DashScopeCallError, String(error));
		return error;
	}
	assert.fail('expected a failure');
}

describe('TemporaryUploader (scripted)', () => {
	it('uploads with one policy per model, distinct keys, file last, and returns oss:// with a 48 h expiry', async () => {
		const { client, ctx, policyCalls, sent } = fakes([]);
		const uploader = new TemporaryUploader(ctx, client);
		const before = Date.now();
		const results = await Promise.all([
			uploader.upload('wan2.2-animate-mix', file(Buffer.from('a'), 'same.png')),
			uploader.upload('wan2.2-animate-mix', file(Buffer.from('b'), 'same.png')),
			uploader.upload('wan2.2-animate-mix', file(Buffer.from('c'), 'other.png')),
			uploader.upload('wan2.2-animate-move', file(Buffer.from('d'))),
		]);
		assert.deepEqual(policyCalls, [
			{ action: 'getPolicy', model: 'wan2.2-animate-mix' },
			{ action: 'getPolicy', model: 'wan2.2-animate-move' },
		]);
		const keys = sent.map((s) => s.fields.key);
		assert.equal(new Set(keys).size, 4, 'no two files share a key');
		for (const [i, result] of results.entries()) {
			assert.match(result.url, /^oss:\/\/dashscope-instant\/hash\/2026-01-01\/u[12]\/[0-9a-f]{16}-(same|other|person)\.png$/);
			const expires = Date.parse(result.expiresAt);
			assert.ok(expires >= before + TEMPORARY_FILE_LIFETIME_MS && expires <= Date.now() + TEMPORARY_FILE_LIFETIME_MS, `expiry ${i}`);
		}
		const first = sent.find((s) => s.file.toString() === 'a');
		assert.ok(first);
		assert.equal(first.options.url, 'https://oss.example.com');
		assert.equal(first.options.method, 'POST');
		assert.equal((first.options.headers as IDataObject).Authorization, undefined);
		assert.deepEqual(first.fields, {
			OSSAccessKeyId: 'LTAI-test',
			Signature: 'sig-1',
			policy: 'policy-1',
			key: first.fields.key,
			'x-oss-object-acl': 'private',
			'x-oss-forbid-overwrite': 'true',
			'x-oss-content-type': 'image/png',
			success_action_status: '200',
		});
	});

	it('streams a stream body with an exact Content-Length', async () => {
		const { client, ctx, sent } = fakes([]);
		const bytes = Buffer.alloc(300_000, 7);
		const source = Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]);
		await new TemporaryUploader(ctx, client).upload('m', { fileName: 'v.mp4', mimeType: 'video/mp4', bytes: bytes.length, data: source });
		assert.ok(!Buffer.isBuffer(sent[0].options.body), 'sent as a stream');
		assert.equal((sent[0].options.headers as IDataObject)['Content-Length'], sent[0].body.length);
		assert.deepEqual(sent[0].file, bytes);
	});

	it('fails a stream shorter than announced instead of sending a wrong length', async () => {
		const { client, ctx } = fakes([]);
		const error = await failure(
			new TemporaryUploader(ctx, client).upload('m', { fileName: 'v.mp4', mimeType: 'video/mp4', bytes: 10, data: Readable.from([Buffer.alloc(4)]) }),
		);
		assert.match(error.message, /the file had 4 bytes where 10 were expected/);
	});

	it('fetches a new policy when the old one is close to expiry', async () => {
		const { client, ctx, policyCalls } = fakes([{ status: 200, body: policyBody(1, { expire_in_seconds: 0.2 }) }]);
		const uploader = new TemporaryUploader(ctx, client);
		await uploader.upload('m', file(Buffer.from('1')));
		await uploader.upload('m', file(Buffer.from('2')));
		assert.equal(policyCalls.length, 1, 'a fresh policy is used in the first half of its life');
		await new Promise((resolve) => setTimeout(resolve, 120));
		await uploader.upload('m', file(Buffer.from('3')));
		assert.equal(policyCalls.length, 2);
	});

	it('on 403 "Policy expired" fetches a new policy and sends the file again', async () => {
		const { client, ctx, policyCalls, sent } = fakes([], [{ statusCode: 403, body: ossXml('AccessDenied', 'Invalid according to Policy: Policy expired.') }]);
		let opened = 0;
		const bytes = Buffer.from('reopened');
		const result = await new TemporaryUploader(ctx, client).upload('m', {
			fileName: 'a.wav',
			mimeType: 'audio/wav',
			bytes: bytes.length,
			data: async () => {
				opened++;
				return Readable.from([bytes]);
			},
		});
		assert.equal(policyCalls.length, 2);
		assert.equal(opened, 2);
		assert.deepEqual([sent[0].fields.policy, sent[1].fields.policy], ['policy-1', 'policy-2']);
		assert.notEqual(sent[0].fields.key, sent[1].fields.key);
		assert.equal(result.url, `oss://${sent[1].fields.key}`);
		assert.deepEqual(sent[1].file, bytes);
	});

	it('cannot resend a bare stream, and reports the OSS error', async () => {
		const { client, ctx, sent } = fakes([], [{ statusCode: 403, body: ossXml('AccessDenied', 'Invalid according to Policy: Policy expired.') }]);
		const error = await failure(
			new TemporaryUploader(ctx, client).upload('m', { fileName: 'a.wav', mimeType: 'audio/wav', bytes: 3, data: Readable.from([Buffer.from('abc')]) }),
		);
		assert.equal(sent.length, 1);
		assert.equal(error.failure.code, 'UploadFailed');
		assert.equal(error.failure.httpCode, 403);
		assert.equal(error.failure.requestId, 'R1');
		assert.equal(error.message, 'Uploading "a.wav" to DashScope\'s temporary storage failed (HTTP 403, AccessDenied: Invalid according to Policy: Policy expired.)');
	});

	it('does not repeat refusals, and repeats server errors and lost connections', async () => {
		const refused = fakes([], [{ statusCode: 400, body: ossXml('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.') }]);
		const error = await failure(new TemporaryUploader(refused.ctx, refused.client).upload('m', file(Buffer.from('x'), 'big.png')));
		assert.equal(refused.sent.length, 1);
		assert.match(error.message, /\(HTTP 400, EntityTooLarge: Your proposed upload exceeds the maximum allowed size\.\)$/);

		const flaky = fakes([], [new Error('socket hang up'), { statusCode: 503, body: '' }]);
		const result = await new TemporaryUploader(flaky.ctx, flaky.client, undefined, { attempts: 3 }).upload('m', file(Buffer.from('x')));
		assert.equal(flaky.sent.length, 3);
		assert.equal(flaky.policyCalls.length, 1, 'the policy is still good');
		assert.equal(result.url, `oss://${flaky.sent[2].fields.key}`);
	});

	it('backs off on getPolicy 429 and then succeeds', async () => {
		const throttled: ApiResponse = { status: 429, body: { code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' } };
		const { client, ctx, policyCalls } = fakes([throttled]);
		const started = Date.now();
		await new TemporaryUploader(ctx, client).upload('m', file(Buffer.from('x')));
		assert.equal(policyCalls.length, 2);
		assert.ok(Date.now() - started >= 450, 'waited before asking again');
	});

	it('reports getPolicy refusals with the service code and what to do', async () => {
		const notFound: ApiResponse = { status: 404, body: { code: 'NotFound', message: 'url error, please check url!', request_id: 'r-404' } };
		const { client, ctx, sent } = fakes([notFound]);
		const error = await failure(new TemporaryUploader(ctx, client).upload('m', file(Buffer.from('x'))));
		assert.equal(sent.length, 0);
		assert.equal(error.failure.code, 'NotFound');
		assert.equal(error.failure.requestId, 'r-404');
		assert.match(error.message, /^Could not get a temporary upload policy for m: url error/);
		assert.match(error.failure.advice ?? '', /public http\(s\) URL/);
		const invalid = fakes([{ status: 200, body: policyBody(1, { policy: undefined }) }]);
		assert.equal((await failure(new TemporaryUploader(invalid.ctx, invalid.client).upload('m', file(Buffer.from('x'))))).failure.code, 'UploadPolicyInvalid');
	});

	it('refuses files above the size the policy states, before sending them', async () => {
		const { client, ctx, sent } = fakes([{ status: 200, body: policyBody(1, { max_file_size_mb: 1 }) }]);
		const error = await failure(new TemporaryUploader(ctx, client).upload('m', file(Buffer.alloc(1024 * 1024 + 1), 'huge.mp4', 'video/mp4')));
		assert.equal(error.failure.code, 'FileTooLarge');
		assert.match(error.message, /"huge\.mp4" is 1\.1 MB; DashScope's temporary storage takes at most 1 MB for m/);
		assert.equal(sent.length, 0);
	});

	it('refuses regions without temporary upload before any request', async () => {
		const { client, ctx, policyCalls } = fakes([], [], 'https://dashscope-intl.aliyuncs.com/api/v1');
		const error = await failure(new TemporaryUploader(ctx, client).upload('m', file(Buffer.from('x'), 'me.png')));
		assert.equal(error.failure.code, 'TemporaryUploadUnavailable');
		assert.match(error.message, /Cannot upload "me\.png": DashScope offers temporary file upload only in China \(Beijing\)/);
		assert.match(error.failure.advice ?? '', /public http\(s\) URL/);
		assert.equal(policyCalls.length, 0);
	});

	it('stops with CancelledError when the execution is cancelled', async () => {
		const controller = new AbortController();
		const { client, ctx } = fakes([{ status: 429, body: { code: 'Throttling.RateQuota', message: 'slow down' } }]);
		const pending = new TemporaryUploader(ctx, client, controller.signal).upload('m', file(Buffer.from('x')));
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(pending, CancelledError);
	});
});
