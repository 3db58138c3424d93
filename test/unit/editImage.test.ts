/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';

import { editImage } from '../../nodes/Wan/models/image/editImage';
import { findFamily, modelById } from '../../nodes/Wan/models';
import { buildRequest } from '../../nodes/Wan/request/build';
import { Wan } from '../../nodes/Wan/Wan.node';
import { InvalidFieldError } from '../../nodes/Wan/errors';
import { holdsOssUrl } from '../../nodes/Wan/engine/dashscope';

const model = editImage.models.find((m) => m.id === 'wan2.5-i2i-preview') ?? editImage.models[0];
const A = 'https://e.com/clock.png';
const B = 'https://e.com/table.webp';

describe('edit image: request body', () => {
	it('is the image resource, right after text to image, on the image2image path', () => {
		assert.equal(findFamily('image', 'editImage'), editImage);
		assert.equal(modelById('wan2.5-i2i-preview')?.family, editImage);
		assert.equal(editImage.endpoint, '/services/aigc/image2image/image-synthesis');
		assert.deepEqual(model.regions, ['cn-beijing', 'ap-southeast-1']);
		assert.deepEqual(model.limits, { submitRps: 5, concurrency: 5 });
	});

	it('puts prompt and images in input, in order, everything else in parameters', () => {
		const built = buildRequest(editImage, model, {
			prompt: 'Put the clock from Image 1 on the table of Image 2',
			imageUrls: [A, B],
			size: '1280*720',
			numberOfImages: 2,
			negativePrompt: 'blur',
			promptExtend: false,
			watermark: true,
			seed: 42,
		});
		assert.deepEqual(built.body, {
			model: 'wan2.5-i2i-preview',
			input: { prompt: 'Put the clock from Image 1 on the table of Image 2', images: [A, B], negative_prompt: 'blur' },
			parameters: { size: '1280*720', n: 2, prompt_extend: false, watermark: true, seed: 42 },
		});
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, false);
	});

	it('sends the shown defaults: no size (the input keeps its aspect), n 4, prompt_extend on, no watermark', () => {
		const description = new Wan().description;
		const values = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'image', operation: 'editImage', model: 'wan2.5-i2i-preview', prompt: 'x', imageUrls: [A] },
			true,
			false,
			{ typeVersion: 1 },
			description,
		);
		assert.ok(values);
		assert.equal(values.model, 'wan2.5-i2i-preview');
		assert.equal(values.imageSource, 'url');
		const built = buildRequest(editImage, model, { ...values, ...(values.additionalFields as object) });
		assert.deepEqual(built.body.parameters, { n: 4 });
		const withExtras = buildRequest(editImage, model, { prompt: 'x', imageUrls: [A], promptExtend: true, watermark: false });
		assert.deepEqual(withExtras.body.parameters, { prompt_extend: true, watermark: false });
	});

	it('queues binary fields for upload in order and flags the resolve header', () => {
		const built = buildRequest(editImage, model, { prompt: 'x', imageUrls: { binaryProperties: ['photo', 'logo'] } });
		assert.deepEqual(
			built.uploads.map((u) => [u.binaryProperty, u.index, u.path]),
			[
				['photo', 0, 'input.images[0]'],
				['logo', 1, 'input.images[1]'],
			],
		);
		assert.equal(holdsOssUrl(built.body) || built.uploads.length > 0, true);
		assert.deepEqual((built.body.input as Record<string, unknown>).images, ['', '']);
	});

	const refused: Array<[string, Record<string, unknown>, RegExp]> = [
		['no image', { prompt: 'x', imageUrls: [] }, /Image URLs is required for model wan2\.5-i2i-preview/],
		['a fourth image', { prompt: 'x', imageUrls: [A, B, A, B] }, /at most 3 files for model wan2\.5-i2i-preview \(got 4\)/],
		['no prompt', { imageUrls: [A] }, /Prompt is required/],
		['a 2001-character prompt', { prompt: 'x'.repeat(2001), imageUrls: [A] }, /at most 2000 characters/],
		['a size beyond 1280×1280 pixels', { prompt: 'x', imageUrls: [A], size: '1440*1440' }, /^Size must be a custom size with 768×768 to 1280×1280 pixels in all, aspect 1:4 to 4:1 for model wan2\.5-i2i-preview \(got "1440\*1440"\)$/],
		['a size that is neither listed nor width*height', { prompt: 'x', imageUrls: [A], size: '2K' }, /^Size must be one of .*, or Custom with a width and a height for model wan2\.5-i2i-preview/],
		['five images to generate', { prompt: 'x', imageUrls: [A], numberOfImages: 5 }, /Number of Images must be 1 to 4/],
		['a local path', { prompt: 'x', imageUrls: ['/tmp/a.png'] }, /Image URLs must be a public http\(s\) URL/],
	];
	for (const [name, values, message] of refused) {
		it(`refuses ${name}`, () => {
			assert.throws(
				() => buildRequest(editImage, model, values),
				(error: unknown) => error instanceof InvalidFieldError && message.test(error.message),
			);
		});
	}

	it('names the media parameters imageSource / imageUrls / imageBinaryProperties', () => {
		const description = new Wan().description;
		const values = { resource: 'image', operation: 'editImage', model: 'wan2.5-i2i-preview' };
		const shown = (name: string, extra = {}) =>
			description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter({ ...values, ...extra }, p, { typeVersion: 1 }, description));
		assert.equal(shown('imageSource').length, 1);
		const [urls] = shown('imageUrls');
		assert.equal(urls.typeOptions?.multipleValues, true);
		assert.equal(urls.required, true);
		const [binary] = shown('imageBinaryProperties', { imageSource: 'binary' });
		assert.equal(binary.displayName, 'Image Binary Fields');
		assert.equal(shown('imageUrl').length, 0, 'the single first frame of Image to Video stays hidden');
		const [size] = shown('size');
		assert.equal((size.options as unknown[]).length, 11, 'the nine recommended sizes, "keep the input aspect" and "Custom"');
		assert.equal(size.default, '');
	});
});
