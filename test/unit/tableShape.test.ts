/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The table shape every family is data of: request paths of any depth, typed media lists, floats,
// integer enums, option lists, cross-field rules, function-dependent rules and result paths.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { FAMILIES, resultPaths, rulesOf } from '../../nodes/Wan/models';
import { MESSAGES } from '../../nodes/Wan/models/image/messages';
import type { FamilySpec } from '../../nodes/Wan/models/types';
import { readPath, resultUrls, setPath } from '../../nodes/Wan/request/paths';
import { buildRequest } from '../../nodes/Wan/request/build';
import { schemaFor } from '../../nodes/Wan/request/validation';
import { InvalidFieldError } from '../../nodes/Wan/errors';

const IMG = 'https://example.com/a.png';
const VID = 'https://example.com/v.mp4';

/** A made-up family that uses every feature of the table shape. */
const demo: FamilySpec = {
	resource: 'video',
	operation: 'demo',
	displayName: 'Demo',
	action: 'Demo',
	description: 'Demo',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
	selector: {
		name: 'function',
		label: 'Function',
		description: 'What to do',
		path: 'input.function',
		options: [
			{ value: 'one', label: 'One', description: 'first' },
			{ value: 'two', label: 'Two', description: 'second', result: 'output.results.video_url' },
		],
	},
	fields: [
		{ name: 'prompt', label: 'Prompt', description: '', type: 'string', path: 'input.messages[0].content[0].text', placement: 'main' },
		{ name: 'frameUrl', label: 'Frame URL', description: '', type: 'media', media: 'image', path: 'input.media[]', item: { constant: { type: 'first_frame' } }, placement: 'main' },
		{ name: 'clipUrl', label: 'Clip URL', description: '', type: 'media', media: 'video', path: 'input.media[]', item: { constant: { type: 'first_clip' } }, placement: 'main' },
		{ name: 'imageUrls', label: 'Image URLs', description: '', type: 'mediaList', media: ['image'], path: 'input.images', placement: 'main' },
		{ name: 'roles', label: 'Roles', description: '', type: 'optionList', placeholder: 'obj, bg', path: 'parameters.roles', placement: 'main' },
		{ name: 'strength', label: 'Strength', description: '', type: 'number', precision: 2, path: 'parameters.deep.strength', placement: 'main' },
		{ name: 'style', label: 'Style', description: '', type: 'integer', labels: { '0': 'Zero', '1': 'One' }, path: 'parameters.style', placement: 'main' },
		{ name: 'mode', label: 'Mode', description: '', type: 'options', path: 'parameters.mode', placement: 'main' },
		{ name: 'ratio', label: 'Ratio', description: '', type: 'number', precision: 2, path: 'parameters.ratio', placement: 'additional' },
	],
	models: [
		{
			id: 'demo-1',
			label: 'Demo 1',
			description: '',
			regions: ['cn-beijing'],
			limits: { submitRps: 1, concurrency: 1 },
			typicalSeconds: 1,
			fields: { prompt: { required: true, maxLength: 10 } },
			functions: {
				one: {
					fields: {
						frameUrl: { media: { formats: ['png'], maxMb: 1 } },
						clipUrl: { media: { formats: ['mp4'], maxMb: 1 } },
						strength: { min: 0, max: 1, default: 1 },
						style: { values: [0, 1], default: 0 },
					},
					rules: [{ kind: 'combination', fields: ['frameUrl', 'clipUrl'], allowed: [['frameUrl'], ['clipUrl']] }],
				},
				two: {
					fields: {
						imageUrls: { required: true, minItems: 1, maxItems: 3, mediaByKind: { image: { formats: ['png'], maxMb: 1 } } },
						roles: { required: true, values: ['obj', 'bg'], maxPerValue: { bg: 1 } },
						mode: { values: ['tracking', 'fixed'], default: 'tracking' },
						ratio: { min: 0, max: 1, default: 0.05 },
					},
					rules: [
						{ kind: 'sameLength', fields: ['imageUrls', 'roles'] },
						{ kind: 'onlyWhen', field: 'ratio', when: 'mode', values: ['tracking'] },
					],
				},
			},
		},
	],
	result: 'output.video_url',
};
const [model] = demo.models;

const refusal = (values: Record<string, unknown>, message: RegExp) =>
	assert.throws(() => buildRequest(demo, model, values), (error: unknown) => {
		assert.ok(error instanceof InvalidFieldError, String(error));
		assert.match(error.message, message);
		return true;
	});

describe('request paths', () => {
	it('write at any depth, append with [], and report the concrete place', () => {
		const body = { input: {} };
		assert.equal(setPath(body, 'input.media[]', { type: 'a', url: '' }), 'input.media[0]');
		assert.equal(setPath(body, 'input.media[]', { type: 'b', url: 'x' }), 'input.media[1]');
		assert.equal(setPath(body, 'input.media[0].url', 'y'), 'input.media[0].url');
		assert.equal(setPath(body, 'input.messages[0].content[]', { text: 't' }), 'input.messages[0].content[0]');
		assert.deepEqual(body, { input: { media: [{ type: 'a', url: 'y' }, { type: 'b', url: 'x' }], messages: [{ content: [{ text: 't' }] }] } });
	});

	it('read every entry of the lists a result path marks with []', () => {
		const answer = { output: { choices: [{ message: { content: [{ image: 'u1' }, { text: 'x' }] } }, { message: { content: [{ image: 'u2' }] } }] } };
		assert.deepEqual(readPath(answer, 'output.choices[].message.content[].image'), ['u1', 'u2']);
		assert.deepEqual(readPath(answer, 'output.video_url'), []);
	});
});

describe('function-dependent rules', () => {
	it('merge a model\'s common rules with the function\'s own', () => {
		assert.deepEqual(Object.keys(rulesOf(model, 'one').fields), ['prompt', 'frameUrl', 'clipUrl', 'strength', 'style']);
		assert.deepEqual(Object.keys(rulesOf(model, 'two').fields), ['prompt', 'imageUrls', 'roles', 'mode', 'ratio']);
	});

	it('send the function and only its fields, typed items into one list, floats and integer enums', () => {
		const built = buildRequest(demo, model, { function: 'one', prompt: 'hi', frameUrl: IMG, strength: '0.5', style: 1, imageUrls: [IMG], roles: 'obj' });
		assert.deepEqual(built.body, {
			model: 'demo-1',
			input: { function: 'one', messages: [{ content: [{ text: 'hi' }] }], media: [{ type: 'first_frame', url: IMG }] },
			parameters: { deep: { strength: 0.5 }, style: 1 },
		});
	});

	it('queue binary files of typed items at their concrete place', () => {
		const built = buildRequest(demo, model, { function: 'one', prompt: 'hi', clipUrl: { binaryProperties: ['clip'] } });
		assert.deepEqual(built.uploads.map((u) => u.path), ['input.media[0].url']);
		assert.deepEqual((built.body.input as Record<string, unknown>).media, [{ type: 'first_clip', url: '' }]);
	});

	it('send option lists as arrays; drop a field that applies only with another value', () => {
		const tracking = buildRequest(demo, model, { function: 'two', prompt: 'hi', imageUrls: [IMG, IMG], roles: 'obj, bg', mode: 'tracking', ratio: 0.2 });
		assert.deepEqual(tracking.body.parameters, { roles: ['obj', 'bg'], mode: 'tracking', ratio: 0.2 });
		const fixed = buildRequest(demo, model, { function: 'two', prompt: 'hi', imageUrls: [IMG], roles: 'bg', mode: 'fixed', ratio: 0.2 });
		assert.deepEqual(fixed.body.parameters, { roles: ['bg'], mode: 'fixed' });
	});

	it('refuse with the field label, the model and the allowed values', () => {
		refusal({ function: 'three', prompt: 'hi' }, /Function must be one of one, two for model demo-1 \(got "three"\)/);
		refusal({ function: 'one', prompt: 'hi', frameUrl: IMG, clipUrl: VID }, /Model demo-1 takes these inputs only together as: Frame URL; Clip URL \(got Frame URL \+ Clip URL\)/);
		refusal({ function: 'one', prompt: 'hi' }, /\(got none\)/);
		refusal({ function: 'one', prompt: 'hi', frameUrl: IMG, strength: 1.01 }, /Strength must be 0 to 1 for model demo-1 \(got 1\.01\)/);
		refusal({ function: 'one', prompt: 'hi', frameUrl: IMG, style: 2 }, /Style must be one of 0, 1 for model demo-1 \(got 2\)/);
		refusal({ function: 'one', prompt: 'hi', frameUrl: 'a.png' }, /Frame URL must be a public http\(s\) URL for model demo-1 \(got "a\.png"\)/);
		refusal({ function: 'one', prompt: '字'.repeat(11), frameUrl: IMG }, /Prompt must be at most 10 characters, this is 11, for model demo-1/);
		refusal({ function: 'two', prompt: 'hi', imageUrls: [IMG, IMG], roles: 'obj' }, /Roles needs one entry per Image URLs entry for model demo-1 \(got 1 for 2\)/);
		refusal({ function: 'two', prompt: 'hi', imageUrls: [IMG, IMG], roles: 'bg, bg' }, /Roles may name "bg" at most 1 time\(s\) for model demo-1 \(got 2\)/);
		refusal({ function: 'two', prompt: 'hi', imageUrls: [IMG], roles: 'sky' }, /Roles entries must each be one of obj, bg for model demo-1 \(got "sky"\)/);
		refusal({ function: 'two', prompt: 'hi', imageUrls: [IMG, 'x'], roles: 'obj, obj' }, /Image URLs must be a public http\(s\) URL for model demo-1 \(got "x"\)/);
		refusal({ function: 'two', prompt: 'hi', roles: 'obj' }, /Image URLs is required for model demo-1/);
	});

	it('builds each schema once', () => {
		assert.equal(schemaFor(demo, model, 'one'), schemaFor(demo, model, 'one'));
		assert.notEqual(schemaFor(demo, model, 'one'), schemaFor(demo, model, 'two'));
	});
});

describe('result paths', () => {
	it('come from the family (and its functions), never from the first shape that matches', () => {
		assert.deepEqual(resultPaths(demo), ['output.video_url', 'output.results.video_url']);
		assert.deepEqual(resultUrls(demo, { results: { video_url: 'r' } }), ['r']);
		for (const family of FAMILIES) for (const path of resultPaths(family)) assert.ok(path.startsWith('output.'), family.operation);
		const image = FAMILIES.find((f) => f.operation === 'textToImage');
		assert.ok(image);
		assert.deepEqual(resultUrls(image, { video_url: 'v', results: [{ url: 'a' }, { code: 'x' }, { url: 'b' }] }), ['a', 'b']);
	});

	it('an undocumented answer is read at every candidate place in order, and a model protocol adds its own', () => {
		const guessed: FamilySpec = { ...demo, selector: undefined, result: ['output.results[].url', 'output.output_image_url'] };
		assert.deepEqual(resultUrls(guessed, { output_image_url: 'o' }), ['o']);
		assert.deepEqual(resultUrls(guessed, { output_image_url: 'o', results: [{ url: 'r' }, { url: 'o' }] }), ['r', 'o']);
		const withModel: FamilySpec = { ...guessed, models: [{ ...demo.models[0], protocol: MESSAGES }] };
		assert.deepEqual(resultPaths(withModel), ['output.results[].url', 'output.output_image_url', 'output.choices[].message.content[].image']);
		assert.deepEqual(resultUrls(withModel, { choices: [{ message: { content: [{ text: 't' }, { image: 'i' }] } }] }), ['i']);
	});
});

describe('panel of a family with functions', () => {
	it('shows per function only its fields', async () => {
		const { generationProperties } = await import('../../nodes/Wan/description/properties');
		// generationProperties reads FAMILIES; check the grouping helper through a description built for demo.
		const index = await import('../../nodes/Wan/models');
		const families = index.FAMILIES as FamilySpec[];
		families.push(demo);
		try {
			const properties = generationProperties([]);
			const description = { properties } as unknown as Parameters<typeof NodeHelpers.displayParameter>[3];
			const visible = (fn: string) =>
				properties
					.filter((p: INodeProperties) => NodeHelpers.displayParameter({ resource: 'video', operation: 'demo', model: 'demo-1', function: fn }, p, { typeVersion: 1 }, description))
					.map((p) => p.name);
			assert.deepEqual(visible('one').filter((n) => !/Source$|Binary|^resource$|^operation$/.test(n)), ['model', 'function', 'prompt', 'frameUrl', 'clipUrl', 'strength', 'style', 'additionalFields', 'options']);
			assert.deepEqual(visible('two').filter((n) => !/Source$|Binary|^resource$|^operation$/.test(n)), ['model', 'function', 'prompt', 'imageUrls', 'roles', 'mode', 'additionalFields', 'options']);
			const additional = properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes('demo'));
			assert.deepEqual((additional?.options as INodeProperties[])[0].displayOptions?.show, { '/function': ['two'] });
		} finally {
			families.pop();
		}
	});
});
