/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { FAMILIES, functionsOf, rulesOf } from '../../nodes/Wan/models';
import { mediaParamNames } from '../../nodes/Wan/description/mediaParams';
import { characterSwap } from '../../nodes/Wan/models/video/animate';
import { firstLastFrameToVideo } from '../../nodes/Wan/models/video/firstLastFrame';
import { imageToVideo } from '../../nodes/Wan/models/video/imageToVideo';
import { textToVideo } from '../../nodes/Wan/models/video/textToVideo';
import type { FamilySpec } from '../../nodes/Wan/models/types';
import { apiModelId, buildRequest } from '../../nodes/Wan/request/build';
import { InvalidFieldError } from '../../nodes/Wan/errors';
import { holdsOssUrl } from '../../nodes/Wan/engine/dashscope';

const model = (family: FamilySpec, id: string) => {
	const found = family.models.find((m) => m.id === id);
	assert.ok(found, `model ${id} exists`);
	return found;
};

describe('buildRequest', () => {
	it('puts each value at its documented place and omits unset optional fields', () => {
		const built = buildRequest(textToVideo, model(textToVideo, 'wan2.6-t2v'), {
			prompt: 'A cat on a boat',
			size: '1280*720',
			duration: 10,
			shotType: 'multi',
			seed: 42,
			negativePrompt: '',
		});
		assert.deepEqual(built.body, {
			model: 'wan2.6-t2v',
			input: { prompt: 'A cat on a boat' },
			parameters: { size: '1280*720', duration: 10, shot_type: 'multi', seed: 42 },
		});
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, false);
	});

	it('puts the animate watermark in input, as those models expect', () => {
		const built = buildRequest(characterSwap, model(characterSwap, 'wan2.2-animate-mix'), {
			imageUrl: 'https://example.com/p.png',
			videoUrl: 'https://example.com/v.mp4',
			mode: 'wan-pro',
			watermark: true,
			checkImage: false,
		});
		assert.deepEqual(built.body, {
			model: 'wan2.2-animate-mix',
			input: { image_url: 'https://example.com/p.png', video_url: 'https://example.com/v.mp4', watermark: true },
			parameters: { mode: 'wan-pro', check_image: false },
		});
	});

	it('never sends fields the model does not take (left over from another model)', () => {
		const built = buildRequest(textToVideo, model(textToVideo, 'wan2.2-t2v-plus'), {
			prompt: 'x',
			size: '832*480',
			duration: 10,
			shotType: 'multi',
			audioUrl: 'https://example.com/a.mp3',
		});
		assert.deepEqual(built.body.parameters, { size: '832*480' });
		assert.deepEqual(built.body.input, { prompt: 'x' });
	});

	it('percent-encodes non-ASCII URLs and flags oss:// inputs for the resolve header', () => {
		const mix = model(characterSwap, 'wan2.2-animate-mix');
		const built = buildRequest(characterSwap, mix, {
			imageUrl: 'oss://dashscope-instant/abc/2026-01-01/x/p.png',
			videoUrl: 'https://example.com/舞蹈.mp4',
			mode: 'wan-std',
		});
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, true);
		assert.equal((built.body.input as Record<string, string>).video_url, 'https://example.com/%E8%88%9E%E8%B9%88.mp4');
	});

	it('uses the regional model name where a region renames the model', () => {
		assert.equal(apiModelId(model(textToVideo, 'wanx2.1-t2v-turbo'), 'ap-southeast-1'), 'wan2.1-t2v-turbo');
		assert.equal(apiModelId(model(textToVideo, 'wanx2.1-t2v-turbo'), 'cn-beijing'), 'wanx2.1-t2v-turbo');
	});

	const rejected: Array<[string, FamilySpec, string, Record<string, unknown>, RegExp]> = [
		['size of another tier', textToVideo, 'wanx2.1-t2v-plus', { prompt: 'x', size: '1920*1080' }, /Size must be one of 1280\*720.*wanx2\.1-t2v-plus/],
		['duration out of range', textToVideo, 'wan2.6-t2v', { prompt: 'x', duration: 16 }, /Duration \(Seconds\) must be 2 to 15 for model wan2\.6-t2v/],
		['duration outside the set', textToVideo, 'wan2.5-t2v-preview', { prompt: 'x', duration: 7 }, /must be one of 5, 10/],
		['fractional duration', textToVideo, 'wan2.6-t2v', { prompt: 'x', duration: 5.5 }, /whole number/],
		['missing prompt', textToVideo, 'wan2.6-t2v', { prompt: '  '.trim() }, /Prompt is required for model wan2\.6-t2v/],
		['prompt too long', textToVideo, 'wan2.2-t2v-plus', { prompt: '字'.repeat(801) }, /at most 800 characters, this is 801/],
		['negative prompt too long', textToVideo, 'wan2.6-t2v', { prompt: 'x', negativePrompt: 'n'.repeat(501) }, /Negative Prompt must be at most 500/],
		['seed negative', textToVideo, 'wan2.6-t2v', { prompt: 'x', seed: -1 }, /Seed must be 0 to 2147483647/],
		['shot type unknown', textToVideo, 'wan2.6-t2v', { prompt: 'x', shotType: 'many' }, /Shot Type must be one of single, multi/],
		['audio URL not http', textToVideo, 'wan2.6-t2v', { prompt: 'x', audioUrl: 'ftp://x/a.mp3' }, /Audio URL must be a public http\(s\) URL/],
		['image URL not a URL', characterSwap, 'wan2.2-animate-mix', { imageUrl: 'person.png', videoUrl: 'https://e.com/v.mp4', mode: 'wan-std' }, /Character Image URL must be a public http\(s\) URL for model wan2\.2-animate-mix/],
		['missing video', characterSwap, 'wan2.2-animate-mix', { imageUrl: 'https://e.com/p.png', mode: 'wan-std' }, /Reference Video URL is required/],
		['unknown mode', characterSwap, 'wan2.2-animate-mix', { imageUrl: 'https://e.com/p.png', videoUrl: 'https://e.com/v.mp4', mode: 'fast' }, /Mode must be one of wan-std, wan-pro/],
	];
	for (const [name, family, id, values, message] of rejected) {
		it(`rejects ${name}`, () => {
			assert.throws(() => buildRequest(family, model(family, id), values), (error: unknown) => {
				assert.ok(error instanceof InvalidFieldError);
				assert.match(error.message, message);
				return true;
			});
		});
	}
});

const IMAGE = 'https://example.com/first.png';

describe('buildRequest: image to video (first frame)', () => {
	it('puts the first frame in input.img_url and the tier in parameters.resolution', () => {
		const built = buildRequest(imageToVideo, model(imageToVideo, 'wan2.6-i2v'), {
			imageUrl: IMAGE,
			prompt: 'She turns and smiles',
			resolution: '720P',
			duration: 12,
			shotType: 'multi',
			promptExtend: true,
			audioUrl: 'https://example.com/voice.mp3',
		});
		assert.deepEqual(built.body, {
			model: 'wan2.6-i2v',
			input: { img_url: IMAGE, prompt: 'She turns and smiles', audio_url: 'https://example.com/voice.mp3' },
			parameters: { resolution: '720P', duration: 12, prompt_extend: true, shot_type: 'multi' },
		});
	});

	it('makes a template-only call without a prompt; "None" sends no template', () => {
		const turbo = model(imageToVideo, 'wanx2.1-i2v-turbo');
		const built = buildRequest(imageToVideo, turbo, { imageUrl: IMAGE, prompt: '', template: 'flying', resolution: '720P', duration: 3 });
		assert.deepEqual(built.body, {
			model: 'wanx2.1-i2v-turbo',
			input: { img_url: IMAGE, template: 'flying' },
			parameters: { resolution: '720P', duration: 3 },
		});
		const plain = buildRequest(imageToVideo, turbo, { imageUrl: IMAGE, prompt: 'waves', template: '', resolution: '480P' });
		assert.deepEqual(plain.body.input, { img_url: IMAGE, prompt: 'waves' });
	});

	it('sends the audio switch only to wan2.6-i2v-flash', () => {
		const values = { imageUrl: IMAGE, resolution: '1080P', audio: false };
		const flash = buildRequest(imageToVideo, model(imageToVideo, 'wan2.6-i2v-flash'), values);
		assert.deepEqual(flash.body.parameters, { resolution: '1080P', audio: false });
		for (const id of ['wan2.6-i2v', 'wan2.6-i2v-us', 'wan2.5-i2v-preview', 'wan2.2-i2v-flash']) {
			const other = buildRequest(imageToVideo, model(imageToVideo, id), values);
			assert.deepEqual(other.body.parameters, { resolution: '1080P' }, id);
		}
	});

	it('never sends fields the model does not take (duration, audio, shot type, template left over)', () => {
		const leftovers = {
			imageUrl: IMAGE,
			resolution: '480P',
			duration: 10,
			audioUrl: 'https://example.com/a.mp3',
			audio: true,
			shotType: 'multi',
			template: 'flying',
		};
		const built = buildRequest(imageToVideo, model(imageToVideo, 'wan2.2-i2v-plus'), leftovers);
		assert.deepEqual(built.body, { model: 'wan2.2-i2v-plus', input: { img_url: IMAGE }, parameters: { resolution: '480P' } });
		const preview = buildRequest(imageToVideo, model(imageToVideo, 'wan2.5-i2v-preview'), { ...leftovers, duration: 5 });
		assert.deepEqual(preview.body.input, { img_url: IMAGE, audio_url: 'https://example.com/a.mp3' });
		assert.deepEqual(preview.body.parameters, { resolution: '480P', duration: 5 });
	});

	it('uses the Singapore names of the wanx2.1 models', () => {
		assert.equal(apiModelId(model(imageToVideo, 'wanx2.1-i2v-plus'), 'ap-southeast-1'), 'wan2.1-i2v-plus');
		assert.equal(apiModelId(model(imageToVideo, 'wanx2.1-i2v-turbo'), 'ap-southeast-1'), 'wan2.1-i2v-turbo');
		assert.equal(apiModelId(model(imageToVideo, 'wan2.6-i2v'), 'ap-southeast-1'), 'wan2.6-i2v');
	});

	it('queues a binary first frame for upload with the frame limits', () => {
		const built = buildRequest(imageToVideo, model(imageToVideo, 'wan2.6-i2v-flash'), {
			imageUrl: { binaryProperties: ['data'] },
			resolution: '720P',
		});
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, true);
		assert.equal(built.uploads.length, 1);
		assert.equal(built.uploads[0].path, 'input.img_url');
		assert.deepEqual(built.uploads[0].rule.media, { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 360, maxPx: 2000, dataUri: true });
		assert.deepEqual((built.body.input as Record<string, unknown>).img_url, undefined, 'filled in after the upload');
	});
});

describe('buildRequest: first and last frame (kf2v)', () => {
	it('sends both frames and no duration (fixed 5 s)', () => {
		const built = buildRequest(firstLastFrameToVideo, model(firstLastFrameToVideo, 'wan2.2-kf2v-flash'), {
			firstFrameUrl: IMAGE,
			lastFrameUrl: 'https://example.com/last.png',
			prompt: 'Day turns to night',
			resolution: '480P',
			seed: 7,
		});
		assert.deepEqual(built.body, {
			model: 'wan2.2-kf2v-flash',
			input: { first_frame_url: IMAGE, last_frame_url: 'https://example.com/last.png', prompt: 'Day turns to night' },
			parameters: { resolution: '480P', seed: 7 },
		});
	});

	it('takes a template (hanfu-1) on wanx2.1-kf2v-plus only, with the Singapore name there', () => {
		const plus = model(firstLastFrameToVideo, 'wanx2.1-kf2v-plus');
		const built = buildRequest(firstLastFrameToVideo, plus, { firstFrameUrl: IMAGE, template: 'hanfu-1', resolution: '720P' }, 'ap-southeast-1');
		assert.deepEqual(built.body, {
			model: 'wan2.1-kf2v-plus',
			input: { first_frame_url: IMAGE, template: 'hanfu-1' },
			parameters: { resolution: '720P' },
		});
		const flash = buildRequest(firstLastFrameToVideo, model(firstLastFrameToVideo, 'wan2.2-kf2v-flash'), {
			firstFrameUrl: IMAGE,
			template: 'hanfu-1',
		});
		assert.deepEqual(flash.body.input, { first_frame_url: IMAGE });
		assert.equal(plus.limits.submitRps, 1, 'the lower (Singapore) rate of the two regions');
	});

	it('names the media parameters after the frames', () => {
		const names = (family: typeof imageToVideo, name: string) => {
			const field = family.fields.find((f) => f.name === name);
			assert.ok(field);
			return mediaParamNames(field);
		};
		assert.deepEqual(names(imageToVideo, 'imageUrl'), {
			source: 'imageSource',
			url: 'imageUrl',
			binaryProperty: 'imageBinaryProperty',
			subject: 'First Frame Image',
		});
		assert.deepEqual(names(firstLastFrameToVideo, 'firstFrameUrl'), {
			source: 'firstFrameSource',
			url: 'firstFrameUrl',
			binaryProperty: 'firstFrameBinaryProperty',
			subject: 'First Frame Image',
		});
		assert.equal(names(firstLastFrameToVideo, 'lastFrameUrl').binaryProperty, 'lastFrameBinaryProperty');
	});
});

describe('buildRequest: image families refuse', () => {
	const rejected: Array<[string, FamilySpec, string, Record<string, unknown>, RegExp]> = [
		['a missing first frame', imageToVideo, 'wan2.6-i2v', { prompt: 'x' }, /First Frame Image URL is required for model wan2\.6-i2v/],
		['a template the turbo model lacks', imageToVideo, 'wanx2.1-i2v-turbo', { imageUrl: IMAGE, template: 'melt' }, /Effect Template must be one of .*flying/],
		['a resolution of another model', imageToVideo, 'wan2.6-i2v-flash', { imageUrl: IMAGE, resolution: '480P' }, /Resolution must be one of 720P, 1080P/],
		['a duration outside the US set', imageToVideo, 'wan2.6-i2v-us', { imageUrl: IMAGE, duration: 7 }, /must be one of 5, 10, 15/],
		['a duration outside the turbo set', imageToVideo, 'wanx2.1-i2v-turbo', { imageUrl: IMAGE, duration: 2 }, /must be one of 3, 4, 5/],
		['an 801-character prompt on wan2.2', imageToVideo, 'wan2.2-i2v-flash', { imageUrl: IMAGE, prompt: 'x'.repeat(801) }, /at most 800 characters/],
		['a first frame that is not a URL', firstLastFrameToVideo, 'wan2.2-kf2v-flash', { firstFrameUrl: 'first.png' }, /First Frame Image URL must be a public http\(s\) URL/],
		['a missing first frame (kf2v)', firstLastFrameToVideo, 'wanx2.1-kf2v-plus', { lastFrameUrl: IMAGE }, /First Frame Image URL is required/],
		['a misspelt kf2v template', firstLastFrameToVideo, 'wanx2.1-kf2v-plus', { firstFrameUrl: IMAGE, template: 'hufu-1' }, /Effect Template must be one of/],
	];
	for (const [name, family, id, values, message] of rejected) {
		it(`${name}`, () => {
			assert.throws(() => buildRequest(family, model(family, id), values), (error: unknown) => {
				assert.ok(error instanceof InvalidFieldError);
				assert.match(error.message, message);
				return true;
			});
		});
	}
});

describe('model tables', () => {
	it('give every model a rule only for fields its family defines, and a default inside its own enum', () => {
		for (const family of FAMILIES) {
			const names = new Set(family.fields.map((f) => f.name));
			for (const m of family.models) {
				const rules = (family.selector && m.functions ? functionsOf(family, m) : [undefined]).flatMap((fn) => Object.entries(rulesOf(m, fn).fields));
				// A model of a family with a selector offers a function, or none at all (wan2.7-videoedit: no selector shown).
				if (family.selector && m.functions) assert.ok(functionsOf(family, m).length > 0, `${m.id} offers a function`);
				for (const [field, rule] of rules) {
					assert.ok(names.has(field), `${m.id}: ${field} is a field of ${family.operation}`);
					if (rule.values && rule.default !== undefined) assert.ok(rule.values.includes(rule.default), `${m.id}.${field} default`);
					if (rule.min !== undefined && typeof rule.default === 'number') assert.ok(rule.default >= rule.min && rule.default <= (rule.max ?? Infinity));
				}
				assert.ok(m.limits.submitRps > 0 && m.limits.concurrency > 0 && m.typicalSeconds > 0, `${m.id} limits`);
			}
		}
	});

	it('list the operations in menu order', () => {
		assert.deepEqual(
			FAMILIES.map((f) => f.operation),
			[
				'textToVideo',
				'imageToVideo',
				'firstLastFrameToVideo',
				'referenceToVideo',
				'characterSwap',
				'animateImage',
				'editVideo',
				'styleTransform',
				'textToImage',
				'editImage',
				'textAndImages',
				'generalImageEdit',
				'styleRepaint',
				'backgroundGeneration',
				'outPainting',
				'eraseCompletion',
				'xPainting',
				'virtualModel',
				'shoeModel',
				'posterGeneration',
				'personSegmentation',
				'talkingPortrait',
				'emo',
				'livePortrait',
				'emoji',
				'animateAnyone',
				'createMotionTemplate',
				'videoRetalk',
				'detect',
			],
		);
	});

	it('have unique operation names and model ids; a model in several operations is one model (regions, limits)', () => {
		const ops = FAMILIES.map((f) => `${f.resource}:${f.operation}`);
		assert.equal(new Set(ops).size, ops.length);
		for (const family of FAMILIES) {
			const ids = family.models.map((m) => m.id);
			assert.equal(new Set(ids).size, ids.length, family.operation);
		}
		const seen = new Map<string, unknown>();
		for (const model of FAMILIES.flatMap((f) => f.models)) {
			const facts = { regions: model.regions, limits: model.limits, regionalIds: model.regionalIds };
			if (seen.has(model.id)) assert.deepEqual(facts, seen.get(model.id), model.id);
			seen.set(model.id, facts);
		}
		// Text to image and editing share the wan2.7 image models and Qwen-Image 2.0 / 3.0; wan2.6-image edits and writes text with images.
		const shared = [...seen.keys()].filter((id) => FAMILIES.filter((f) => f.models.some((m) => m.id === id)).length > 1);
		assert.deepEqual(shared.sort(), ['qwen-image-2.0', 'qwen-image-2.0-pro', 'qwen-image-3.0', 'qwen-image-3.0-pro', 'wan2.6-image', 'wan2.7-image', 'wan2.7-image-pro']);
	});
});

describe('multi-output results', () => {
	it('lists failed sub-results of a SUCCEEDED task and keeps task metrics in the output', async () => {
		const { failedResults } = await import('../../nodes/Wan/engine/taskAnswer');
		const { taskJson } = await import('../../nodes/Wan/actions/deliver');
		const output = {
			task_id: 't1',
			task_status: 'SUCCEEDED',
			task_metrics: { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 },
			results: [{ url: 'https://h/1.png' }, { code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.' }],
		};
		assert.deepEqual(failedResults(output), [{ code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.' }]);
		const json = taskJson({ taskId: 't1', status: 'SUCCEEDED', output }, 'm', ['https://h/1.png']);
		assert.deepEqual(json.taskMetrics, { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 });
		assert.equal((json.failedResults as unknown[]).length, 1);
		assert.deepEqual(failedResults({ results: { video_url: 'x' } }), [], 'the animate shape is an object, not a list');
	});
});
