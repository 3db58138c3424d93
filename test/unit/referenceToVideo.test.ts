/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';

import { referenceToVideo } from '../../nodes/Wan/models/video/referenceToVideo';
import { buildRequest, kindOfUrl } from '../../nodes/Wan/request/build';
import { Wan } from '../../nodes/Wan/Wan.node';
import { InvalidFieldError } from '../../nodes/Wan/errors';
import { holdsOssUrl } from '../../nodes/Wan/engine/dashscope';

const flash = referenceToVideo.models.find((m) => m.id === 'wan2.6-r2v-flash')!;
const plain = referenceToVideo.models.find((m) => m.id === 'wan2.6-r2v')!;

describe('reference to video: media lists', () => {
	it('sends the reference URLs as an ordered array', () => {
		const built = buildRequest(referenceToVideo, flash, {
			prompt: 'character1 hands character2 to character3',
			referenceUrls: ['https://e.com/a.mp4', 'https://e.com/b.png', 'https://e.com/c.jpg'],
			size: '1280*720',
			duration: 10,
			audio: false,
		});
		assert.deepEqual((built.body.input as Record<string, unknown>).reference_urls, ['https://e.com/a.mp4', 'https://e.com/b.png', 'https://e.com/c.jpg']);
		assert.deepEqual(built.body.parameters, { size: '1280*720', duration: 10, audio: false });
	});

	it('accepts URLs one per line too, and never sends the audio switch to wan2.6-r2v', () => {
		const built = buildRequest(referenceToVideo, plain, { prompt: 'x', referenceUrls: 'https://e.com/a.png\nhttps://e.com/b.png', audio: false });
		assert.deepEqual((built.body.input as Record<string, unknown>).reference_urls, ['https://e.com/a.png', 'https://e.com/b.png']);
		assert.equal((built.body.parameters as Record<string, unknown>).audio, undefined);
	});

	const refused: Array<[string, unknown, RegExp]> = [
		['no reference', [], /Reference URLs is required for model wan2\.6-r2v-flash/],
		['six references', ['1', '2', '3', '4', '5', '6'].map((n) => `https://e.com/${n}.png`), /at most 5 files for model wan2\.6-r2v-flash \(got 6\)/],
		['four videos', ['1', '2', '3', '4'].map((n) => `https://e.com/${n}.mp4`), /at most 3 video file\(s\) for model wan2\.6-r2v-flash \(got 4\)/],
		['a local path', ['/home/me/a.png'], /Reference URLs must be a public http\(s\) URL/],
	];
	for (const [name, referenceUrls, message] of refused) {
		it(`refuses ${name}`, () => {
			assert.throws(
				() => buildRequest(referenceToVideo, flash, { prompt: 'x', referenceUrls }),
				(error: unknown) => error instanceof InvalidFieldError && message.test(error.message),
			);
		});
	}

	it('queues each binary field of a list for upload, keeping its place in the array', () => {
		const built = buildRequest(referenceToVideo, flash, { prompt: 'x', referenceUrls: { binaryProperties: ['clip', 'photo'] } });
		assert.deepEqual(
			built.uploads.map((u) => [u.binaryProperty, u.index]),
			[
				['clip', 0],
				['photo', 1],
			],
		);
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, true);
		assert.deepEqual((built.body.input as Record<string, unknown>).reference_urls, ['', '']);
	});

	it('guesses a URL kind only from known extensions', () => {
		assert.equal(kindOfUrl('https://e.com/a.MP4?Expires=1'), 'video');
		assert.equal(kindOfUrl('https://e.com/a.webp'), 'image');
		assert.equal(kindOfUrl('https://e.com/download?id=7'), undefined);
	});

	it('shows a multi-value URL list, or comma-separated binary fields', () => {
		const description = new Wan().description;
		const values = { resource: 'video', operation: 'referenceToVideo', model: 'wan2.6-r2v' };
		const shown = (name: string, extra = {}) =>
			description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter({ ...values, ...extra }, p, { typeVersion: 1 }, description));
		const [urls] = shown('referenceUrls');
		assert.equal(urls.typeOptions?.multipleValues, true);
		assert.deepEqual(urls.default, []);
		const [binary] = shown('referenceBinaryProperties', { referenceSource: 'binary' });
		assert.match(String(binary.description), /comma-separated, in order/);
		assert.equal(shown('audio').length, 0, 'the audio switch is in Additional Fields, for the flash model only');
	});
});

describe('reference to video: panel texts and wan2.7 voices', () => {
	const description = new Wan().description;
	const r2vProperties = description.properties.filter((p) => p.displayOptions?.show?.operation?.includes('referenceToVideo'));
	const additional = r2vProperties.find((p) => p.name === 'additionalFields');

	it('wan2.6-r2v hints name neither Prompt Extend nor an Audio URL, which this family lacks (issue 21 item 5)', () => {
		const entries = (additional?.options ?? []) as Array<{ name: string; description?: string }>;
		for (const name of ['shotType', 'audio']) {
			const entry = entries.find((e) => e.name === name);
			assert.ok(entry, name);
			assert.doesNotMatch(String(entry.description), /Prompt Extend|Audio URL/, name);
		}
	});

	it('says in the panel that a voice belongs to the reference in the same place', () => {
		const entries = (additional?.options ?? []) as Array<{ name: string; description?: string }>;
		const voices = entries.find((e) => e.name === 'referenceImageVoiceUrls');
		assert.match(String(voices?.description), /At most one per entry of Reference Image URLs, in the same order\./);
	});

	it('binds an uploaded voice to the item of its reference: the upload fills in that item\'s reference_voice', () => {
		const wan27 = referenceToVideo.models.find((m) => m.id === 'wan2.7-r2v')!;
		const built = buildRequest(referenceToVideo, wan27, {
			prompt: 'character1 sings',
			referenceImageUrls: ['https://e.com/a.png', 'https://e.com/b.png'],
			referenceImageVoiceUrls: { binaryProperties: ['voice'] },
		});
		assert.deepEqual((built.body.input as Record<string, unknown>).media, [
			{ type: 'reference_image', url: 'https://e.com/a.png', reference_voice: '' },
			{ type: 'reference_image', url: 'https://e.com/b.png' },
		]);
		assert.deepEqual(built.uploads.map((u) => [u.path, u.binaryProperty]), [['input.media[0].reference_voice', 'voice']]);
	});
});
