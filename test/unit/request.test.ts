/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAMILIES } from '../../nodes/Wan/models';
import { characterSwap } from '../../nodes/Wan/models/animate';
import { textToVideo } from '../../nodes/Wan/models/textToVideo';
import type { FamilySpec } from '../../nodes/Wan/models/types';
import { apiModelId, buildRequest, InvalidFieldError } from '../../nodes/Wan/request';

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
		assert.equal(built.ossResolve, false);
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
		assert.equal(built.ossResolve, true);
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

describe('model tables', () => {
	it('give every model a rule only for fields its family defines, and a default inside its own enum', () => {
		for (const family of FAMILIES) {
			const names = new Set(family.fields.map((f) => f.name));
			for (const m of family.models) {
				for (const [field, rule] of Object.entries(m.fields)) {
					assert.ok(names.has(field), `${m.id}: ${field} is a field of ${family.operation}`);
					if (rule.values && rule.default !== undefined) assert.ok(rule.values.includes(rule.default), `${m.id}.${field} default`);
					if (rule.min !== undefined && typeof rule.default === 'number') assert.ok(rule.default >= rule.min && rule.default <= (rule.max ?? Infinity));
				}
				assert.ok(m.limits.submitRps > 0 && m.limits.concurrency > 0 && m.typicalSeconds > 0, `${m.id} limits`);
			}
		}
	});

	it('have unique operation names and model ids', () => {
		const ops = FAMILIES.map((f) => `${f.resource}:${f.operation}`);
		assert.equal(new Set(ops).size, ops.length);
		const ids = FAMILIES.flatMap((f) => f.models.map((m) => m.id));
		assert.equal(new Set(ids).size, ids.length);
	});
});
