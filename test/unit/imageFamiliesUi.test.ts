/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The generated UI of the image-to-video families, beyond the generic checks of description.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { Wan } from '../../nodes/Wan/Wan.node';

const description = new Wan().description;
const node = { typeVersion: 1 };

const resolved = (values: INodeParameters): INodeParameters => {
	const result = NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description);
	assert.ok(result);
	return result;
};
const visible = (values: INodeParameters, name: string): INodeProperties[] =>
	description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter(values, p, node, description));
const additional = (operation: string): INodeProperties[] => {
	const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes(operation));
	assert.ok(collection);
	return collection.options as INodeProperties[];
};

describe('Image to Video UI', () => {
	it('is the second video operation', () => {
		const operation = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('video'));
		assert.deepEqual(
			(operation?.options as Array<{ value: string; name: string }>).map((o) => `${o.value}:${o.name}`),
			[
				'textToVideo:Text to Video',
				'imageToVideo:Image to Video',
				'firstLastFrameToVideo:First and Last Frame to Video',
				'referenceToVideo:Reference to Video',
				'characterSwap:Character Swap',
				'animateImage:Animate Image',
				'editVideo:Edit Video',
				'styleTransform:Video Style Transform',
			],
		);
	});

	it('starts wanx2.1-i2v-turbo on a URL first frame, no effect, 720P, 5 s', () => {
		const params = resolved({ resource: 'video', operation: 'imageToVideo', model: 'wanx2.1-i2v-turbo' });
		assert.equal(params.imageSource, 'url');
		assert.equal(params.imageUrl, '');
		assert.equal(params.template, '');
		assert.equal(params.resolution, '720P');
		assert.equal(params.duration, 5);
		const [template] = visible({ resource: 'video', operation: 'imageToVideo', model: 'wanx2.1-i2v-turbo' }, 'template');
		assert.equal((template.options as Array<{ name: string; value: string }>)[0].name, 'None (Use the Prompt)');
	});

	it('has no duration or template for wan2.2-i2v-flash, and a required first frame', () => {
		const values = { resource: 'video', operation: 'imageToVideo', model: 'wan2.2-i2v-flash' };
		const params = resolved(values);
		assert.equal(params.duration, undefined);
		assert.equal(params.template, undefined);
		assert.equal(params.resolution, '720P');
		const [url] = visible(values, 'imageUrl');
		assert.equal(url.required, true);
		assert.equal(url.displayName, 'First Frame Image URL');
		const [binary] = visible({ ...values, imageSource: 'binary' }, 'imageBinaryProperty');
		assert.equal(binary.default, 'data');
		assert.match(String(binary.description), /JPEG, JPG, PNG, BMP, WEBP up to 10 MB/);
	});

	it('offers the Audio switch (default on) for wan2.6-i2v-flash only', () => {
		const audio = additional('imageToVideo').find((o) => o.name === 'audio');
		assert.ok(audio);
		assert.equal(audio.type, 'boolean');
		assert.equal(audio.default, true);
		assert.deepEqual(audio.displayOptions?.show?.['/model'], ['wan2.6-i2v-flash']);
		const shotType = additional('imageToVideo').find((o) => o.name === 'shotType');
		assert.deepEqual(shotType?.displayOptions?.show?.['/model'], ['wan2.6-i2v-flash', 'wan2.6-i2v', 'wan2.6-i2v-us']);
	});
});

describe('First and Last Frame to Video UI', () => {
	it('shows a required first frame and an optional last frame, each from a URL or a binary field', () => {
		const values = { resource: 'video', operation: 'firstLastFrameToVideo', model: 'wan2.2-kf2v-flash' };
		const params = resolved(values);
		assert.equal(params.firstFrameSource, 'url');
		assert.equal(params.lastFrameSource, 'url');
		assert.equal(params.resolution, '720P');
		assert.equal(params.template, undefined, 'no templates on wan2.2-kf2v-flash');
		assert.equal(params.duration, undefined, 'fixed 5 s');
		assert.equal(visible(values, 'firstFrameUrl')[0].required, true);
		assert.equal(visible(values, 'lastFrameUrl')[0].required, undefined);
		assert.equal(visible({ ...values, lastFrameSource: 'binary' }, 'lastFrameBinaryProperty')[0].displayName, 'Last Frame Image Binary Field');
	});

	it('offers the kf2v templates on wanx2.1-kf2v-plus', () => {
		const [template] = visible({ resource: 'video', operation: 'firstLastFrameToVideo', model: 'wanx2.1-kf2v-plus' }, 'template');
		assert.deepEqual(
			(template.options as Array<{ value: string }>).map((o) => o.value),
			['', 'hanfu-1', 'solaron', 'magazine', 'mech1', 'mech2'],
		);
	});
});
