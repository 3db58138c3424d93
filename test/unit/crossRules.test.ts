/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Cross-field rule messages (issue 21, item 14): every kind of rule refuses with one whole sentence that names the
// fields, the model and what is allowed, never with a field label glued in front or a "(got undefined)" tail.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import type { CrossRule, FamilySpec, FieldDef } from '../../nodes/Wan/models/types';
import { buildRequest } from '../../nodes/Wan/request/build';
import { InvalidFieldError } from '../../nodes/Wan/errors';

const IMG = 'https://example.com/a.png';
const VID = 'https://example.com/v.mp4';
const AUD = 'https://example.com/a.mp3';

const media = (name: string, label: string, media: 'image' | 'video' | 'audio', type: string): FieldDef => ({
	name,
	label,
	description: '',
	type: 'media',
	media,
	path: 'input.media[]',
	item: { constant: { type } },
	placement: 'main',
});

/** A made-up family with one model per rule kind. */
function family(rules: readonly CrossRule[]): FamilySpec {
	return {
		resource: 'video',
		operation: 'crossDemo',
		displayName: 'Cross Demo',
		action: 'Demo',
		description: 'Demo',
		endpoint: '/services/aigc/video-generation/video-synthesis',
		output: { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
		fields: [
			media('frameUrl', 'First Frame Image URL', 'image', 'first_frame'),
			media('audioUrl', 'Driving Audio URL', 'audio', 'driving_audio'),
			media('clipUrl', 'First Clip URL', 'video', 'first_clip'),
			{ name: 'images', label: 'Image URLs', description: '', type: 'mediaList', media: ['image'], path: 'input.images', placement: 'main' },
			{ name: 'videos', label: 'Video URLs', description: '', type: 'mediaList', media: ['video'], path: 'input.videos', placement: 'main' },
			{ name: 'roles', label: 'Roles', description: '', type: 'optionList', placeholder: 'obj, bg', path: 'parameters.roles', placement: 'main' },
			{ name: 'count', label: 'Number of Images', description: '', type: 'integer', path: 'parameters.n', placement: 'main' },
			{ name: 'set', label: 'Image Set', description: '', type: 'boolean', path: 'parameters.set', placement: 'main' },
			{ name: 'size', label: 'Size', description: '', type: 'options', path: 'parameters.size', placement: 'main' },
			{ name: 'style', label: 'Style Index', description: '', type: 'integer', path: 'input.style', placement: 'main' },
		],
		models: [
			{
				id: 'demo-x',
				label: 'Demo',
				description: '',
				regions: ['cn-beijing'],
				limits: { submitRps: 1, concurrency: 1 },
				typicalSeconds: 1,
				fields: {
					frameUrl: {},
					audioUrl: {},
					clipUrl: {},
					images: {},
					videos: {},
					roles: { values: ['obj', 'bg'] },
					count: { min: 1, max: 12 },
					set: { default: false },
					size: { values: ['2K', '4K'], default: '2K' },
					style: { min: -1, max: 3, default: 0 },
				},
				rules,
			},
		],
		result: 'output.video_url',
	};
}

function refusal(rule: CrossRule, values: Record<string, unknown>): string {
	const spec = family([rule]);
	try {
		buildRequest(spec, spec.models[0], values);
	} catch (error) {
		assert.ok(error instanceof InvalidFieldError);
		return error.message;
	}
	assert.fail('not refused');
}

describe('cross-field rule messages: one sentence naming the fields and what is allowed', () => {
	it('combination: the fields, every allowed combination, and what was given', () => {
		const rule: CrossRule = {
			kind: 'combination',
			fields: ['frameUrl', 'audioUrl', 'clipUrl'],
			allowed: [['frameUrl'], ['frameUrl', 'audioUrl'], ['clipUrl']],
		};
		assert.equal(
			refusal(rule, { audioUrl: AUD }),
			'Model demo-x takes First Frame Image URL, Driving Audio URL and First Clip URL only in these combinations: ' +
				'First Frame Image URL alone; First Frame Image URL and Driving Audio URL; First Clip URL alone (got Driving Audio URL alone)',
		);
		assert.match(refusal(rule, { audioUrl: AUD, clipUrl: VID }), /\(got Driving Audio URL and First Clip URL\)$/);
		assert.match(refusal(rule, {}), /\(got none of them\)$/);
	});

	it('sameLength', () => {
		assert.equal(
			refusal({ kind: 'sameLength', fields: ['images', 'roles'] }, { images: [IMG, IMG], roles: 'obj' }),
			'Roles needs one entry per Image URLs entry for model demo-x (got 1 for 2)',
		);
	});

	it('given (at least, at most)', () => {
		assert.equal(refusal({ kind: 'given', fields: ['frameUrl', 'clipUrl'], min: 1 }, {}), 'Give one of First Frame Image URL or First Clip URL for model demo-x');
		assert.equal(
			refusal({ kind: 'given', fields: ['frameUrl', 'clipUrl'], max: 1 }, { frameUrl: IMG, clipUrl: VID }),
			'Give only one of First Frame Image URL or First Clip URL for model demo-x (got First Frame Image URL and First Clip URL)',
		);
	});

	it('totalItems (at most, at least)', () => {
		const rule: CrossRule = { kind: 'totalItems', fields: ['images', 'videos'], min: 1, max: 2 };
		assert.equal(refusal(rule, { images: [IMG, IMG], videos: [VID] }), 'Image URLs and Video URLs take at most 2 files together for model demo-x (got 3)');
		assert.equal(refusal(rule, {}), 'Give at least 1 file(s) in Image URLs or Video URLs for model demo-x');
	});

	it('requiredWhen', () => {
		assert.equal(
			refusal({ kind: 'requiredWhen', field: 'frameUrl', when: 'style', values: [-1] }, { style: -1 }),
			'First Frame Image URL is required for model demo-x when Style Index is -1',
		);
	});

	it('maxUnless', () => {
		assert.equal(
			refusal({ kind: 'maxUnless', field: 'count', max: 4, unless: 'set' }, { count: 5 }),
			'Number of Images must be at most 4 for model demo-x unless Image Set is on (got 5)',
		);
	});

	it('notWith', () => {
		assert.equal(
			refusal({ kind: 'notWith', field: 'size', values: ['4K'], when: 'set', whenValues: [true] }, { size: '4K', set: true }),
			'Size 4K cannot be combined with Image Set on for model demo-x: change one of the two',
		);
	});

	it('onlyWhen drops the field instead of refusing', () => {
		const spec = family([{ kind: 'onlyWhen', field: 'frameUrl', when: 'size', values: ['4K'] }]);
		const { body } = buildRequest(spec, spec.models[0], { frameUrl: IMG, size: '2K' });
		assert.deepEqual(body.input, {});
	});
});
