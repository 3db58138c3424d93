/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Operations named for what the user wants (issue 20 part 1): no version in an operation's name, actions that read
// as tasks, the newest generally available model as each default, the wan2.7 video models inside their intent
// operations with the panel saying which inputs go together.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { FAMILIES } from '../../nodes/Wan/models';
import { Wan } from '../../nodes/Wan/Wan.node';

const description = new Wan().description;
const resolved = (values: INodeParameters) => NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description) ?? {};
const shown = (values: INodeParameters, name: string): INodeProperties[] =>
	description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter(values, p, { typeVersion: 1 } as never, description));

describe('operations by intent', () => {
	it('name no model version, and each action reads as a task', () => {
		for (const family of FAMILIES) {
			assert.doesNotMatch(family.displayName, /Wan \d|\d\.\d/, family.operation);
			assert.match(family.action, /^[A-Z][a-z-]+ [a-z]/, family.operation);
			assert.doesNotMatch(family.action, /[()]|Wan \d/, family.operation);
		}
	});

	it('default to the newest generally available model (never a preview)', () => {
		const defaults = Object.fromEntries(FAMILIES.map((f) => [f.operation, f.models[0].id]));
		for (const [operation, id] of Object.entries(defaults)) assert.doesNotMatch(id, /preview/, operation);
		assert.deepEqual(
			[defaults.textToVideo, defaults.imageToVideo, defaults.referenceToVideo, defaults.editVideo, defaults.textToImage, defaults.editImage],
			['wan2.7-t2v', 'wan2.7-i2v', 'wan2.7-r2v', 'wan2.7-videoedit', 'wan2.7-image', 'wan2.7-image'],
		);
		assert.equal(resolved({ resource: 'video', operation: 'imageToVideo' }).model, 'wan2.7-i2v');
	});

	it('hold the wan2.7 video models in Image to Video, Reference to Video and Edit Video', () => {
		const operationOf = (id: string) => FAMILIES.find((f) => f.models.some((m) => m.id === id))?.operation;
		assert.deepEqual(
			['wan2.7-i2v', 'wan2.7-i2v-2026-04-25', 'wan2.7-r2v', 'wan2.7-r2v-2026-06-12', 'wan2.7-videoedit'].map(operationOf),
			['imageToVideo', 'imageToVideo', 'referenceToVideo', 'referenceToVideo', 'editVideo'],
		);
	});

	it('show the last frame and the first clip only for wan2.7-i2v, and say which inputs go together', () => {
		const wan27 = { resource: 'video', operation: 'imageToVideo', model: 'wan2.7-i2v', imageSource: 'url', lastFrameSource: 'url', firstClipSource: 'url' };
		const [firstFrame] = shown(wan27, 'imageUrl');
		assert.match(String(firstFrame.description), /Alone or together with: .*Last Frame Image URL.* Not with First Clip URL\./);
		const [clip] = shown(wan27, 'firstClipUrl');
		assert.match(String(clip.description), /Alone or together with: Last Frame Image URL\. Not with First Frame Image URL or Audio URL\./);
		const [last] = shown(wan27, 'lastFrameUrl');
		assert.match(String(last.description), /Only together with: First Frame Image URL; .*First Clip URL\./);
		const wan26 = { ...wan27, model: 'wan2.6-i2v' };
		assert.equal(shown(wan26, 'lastFrameUrl').length, 0);
		assert.equal(shown(wan26, 'firstClipUrl').length, 0);
	});

	it('say which of a few inputs to give (VACE Local Edit: a mask image or a mask video)', () => {
		const values = { resource: 'video', operation: 'editVideo', model: 'wanx2.1-vace-plus', function: 'video_edit', maskImageSource: 'url', maskVideoSource: 'url' };
		assert.match(String(shown(values, 'maskImageUrl')[0]?.description), /Give this or Mask Video URL, not both\./);
		assert.match(String(shown(values, 'maskVideoUrl')[0]?.description), /Give this or Mask Image URL, not both\./);
	});

	it('show the Edit Video function selector for VACE only; wan2.7-videoedit sends no function', () => {
		assert.equal(shown({ resource: 'video', operation: 'editVideo', model: 'wan2.7-videoedit' }, 'function').length, 0);
		assert.equal(shown({ resource: 'video', operation: 'editVideo', model: 'wanx2.1-vace-plus' }, 'function').length, 1);
		const ratio = resolved({ resource: 'video', operation: 'editVideo', model: 'wan2.7-videoedit' }).ratio;
		assert.equal(ratio, '', 'the ratio defaults to the input video\'s (nothing sent)');
	});
});
