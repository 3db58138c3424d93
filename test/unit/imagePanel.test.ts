/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Issue 21 panel texts and the shared "Custom" size: the Qwen watermark text, wan2.7's image count (empty = not
// sent; 1–4, up to 12 only with Image Set), the Edit Image prompt / image count / size hints per model, X-Painting's
// size, and the width / height shown only while the size is Custom.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { customSizeProblem, describeSizeRange } from '../../nodes/Wan/request/customSize';
import { Wan } from '../../nodes/Wan/Wan.node';

const description = new Wan().description;
const shown = (values: INodeParameters, name: string): INodeProperties[] =>
	description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter(values, p, { typeVersion: 1 }, description));
const one = (values: INodeParameters, name: string): INodeProperties => {
	const found = shown(values, name);
	assert.equal(found.length, 1, `${name} shown once for ${JSON.stringify(values)}`);
	return found[0];
};
const T2I = { resource: 'image', operation: 'textToImage' };
const EDIT = { resource: 'image', operation: 'editImage' };
const values = (p: INodeProperties) => (p.options as Array<{ value: unknown }>).map((o) => o.value);

describe('issue 21 panel texts', () => {
	it('the watermark names both texts: "AI generated" (Wan) and "Qwen-Image"', () => {
		for (const operation of ['textToImage', 'editImage']) {
			const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes(operation));
			const watermark = (collection?.options as INodeProperties[]).find((o) => o.name === 'watermark');
			assert.match(String(watermark?.description), /"Qwen-Image" \(Qwen-Image models\)/);
		}
	});

	it('wan2.7 Number of Images starts empty (not sent) and says 1–4, up to 12 only with Image Set', () => {
		for (const base of [T2I, EDIT]) {
			for (const model of ['wan2.7-image', 'wan2.7-image-pro']) {
				const count = one({ ...base, model }, 'numberOfImages');
				assert.equal(count.type, 'number');
				assert.equal(count.default, null);
				assert.match(String(count.description), /1 to 4; up to 12 only with Image Set on\. Empty: not sent, the service's default applies\.$/);
			}
		}
		// Models with a documented default keep it.
		assert.equal(one({ ...T2I, model: 'wan2.6-t2i' }, 'numberOfImages').default, 4);
		assert.match(String(one({ ...T2I, model: 'qwen-image-3.0' }, 'numberOfImages').description), / 1 to 6\.$/);
	});

	it('Edit Image: the prompt does not cap the images at three; image counts and sizes per model', () => {
		assert.match(String(one({ ...EDIT, model: 'wan2.7-image' }, 'prompt').description), /Image 1, Image 2, … \(as many as the model takes\)/);
		for (const [model, files, sizes] of [
			['wan2.5-i2i-preview', '1 to 3 files', 11],
			['wan2.7-image', '1 to 9 files', 3],
			['wan2.6-image', '1 to 4 files', 3],
			['qwen-image-2.0', '1 to 3 files', 7],
		] as const) {
			assert.match(String(one({ ...EDIT, model }, 'imageUrls').description), new RegExp(` ${files}\\.$`), model);
			assert.equal(values(one({ ...EDIT, model }, 'size')).length, sizes, model);
		}
		assert.deepEqual(values(one({ ...EDIT, model: 'wan2.7-image' }, 'size')), ['1K', '2K', 'custom']);
		assert.match(String(one({ ...EDIT, model: 'wan2.6-image' }, 'size').description), /Custom: 768×768 to 2048×2048 pixels in all, aspect 1:4 to 4:1\.$/);
		assert.match(String(one({ ...T2I, model: 'wan2.2-t2i-flash' }, 'size').description), /Custom: each side 512 to 1440 px\.$/);
	});

	it('the custom width and height show only while the size is Custom, starting inside the range', () => {
		const at = { ...T2I, model: 'wan2.5-t2i-preview' };
		assert.equal(shown(at, 'sizeWidth').length, 0);
		const width = one({ ...at, size: 'custom' }, 'sizeWidth');
		const height = one({ ...at, size: 'custom' }, 'sizeHeight');
		assert.equal(customSizeProblem(`${width.default}*${height.default}`, { minPixels: 1280 * 1280, maxPixels: 1440 * 1440, maxAspect: 4 }), undefined);
		// A model without custom sizes shows neither.
		assert.equal(shown({ ...T2I, model: 'qwen-image-plus', size: 'custom' }, 'sizeWidth').length, 0);
	});

	it('X-Painting offers size among its Additional Fields (1024*1024 or Custom)', () => {
		const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes('xPainting'));
		const options = collection?.options as INodeProperties[];
		const size = options.find((o) => o.name === 'size');
		assert.ok(size);
		assert.deepEqual(values(size), ['1024*1024', 'custom']);
		assert.deepEqual(options.find((o) => o.name === 'sizeWidth')?.displayOptions?.show?.size, ['custom']);
	});

	it('Virtual Model: V2 aspect ratio and real person, V1 predefined face, each filtered by model', () => {
		const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes('virtualModel'));
		const byName = (name: string) => (collection?.options as INodeProperties[]).find((o) => o.name === name);
		assert.deepEqual(byName('aspectRatio')?.displayOptions?.show?.['/model'], ['virtualmodel-v2']);
		assert.deepEqual(values(byName('aspectRatio')!), ['', '2:1', '16:9', '4:3', '1:1', '3:4', '9:16', '1:2']);
		assert.deepEqual(byName('realPerson')?.displayOptions?.show?.['/model'], ['virtualmodel-v2']);
		assert.deepEqual(byName('predefinedFaceId')?.displayOptions?.show?.['/model'], ['wanx-virtualmodel']);
	});
});

describe('custom size bounds', () => {
	it('checks sides, total pixels and aspect, and says them in words', () => {
		assert.equal(customSizeProblem('512*1440', { minSide: 512, maxSide: 1440 }), undefined);
		assert.match(String(customSizeProblem('511*1440', { minSide: 512, maxSide: 1440 })), /each side 512 to 1440 px/);
		assert.equal(customSizeProblem('2048*256', { maxAspect: 8 }), undefined);
		assert.match(String(customSizeProblem('2048*255', { maxAspect: 8 })), /aspect 1:8 to 8:1/);
		assert.equal(customSizeProblem('768*768', { minPixels: 768 * 768, maxPixels: 2048 * 2048 }), undefined);
		assert.match(String(customSizeProblem('767*768', { minPixels: 768 * 768 })), /768×768 to … pixels in all/);
		assert.equal(customSizeProblem('2K', {}), 'must be width*height, e.g. 1024*1024');
		assert.equal(describeSizeRange({}), 'any width*height (the service judges it)');
	});
});
