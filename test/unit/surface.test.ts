/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The public surface (surface.json): every operation value, parameter name, type, default and option value that
// saved workflows depend on is pinned, so a change to it is always deliberate.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { FAMILIES } from '../../nodes/Wan/models';
import { committedSurface, surfaceOf, surfaceText } from '../../scripts/surface';
import { Wan } from '../../nodes/Wan/Wan.node';

describe('public surface', () => {
	it('is the committed surface.json (run `npm run surface` if the change is deliberate)', () => {
		const committed = committedSurface();
		const now = surfaceText();
		if (committed !== now) {
			// Name the first operation (or global part) that differs, so the message says where to look.
			const a = JSON.parse(committed) as { global: unknown; operations: Record<string, unknown> };
			const b = JSON.parse(now) as { global: unknown; operations: Record<string, unknown> };
			const keys = [...new Set([...Object.keys(a.operations), ...Object.keys(b.operations)])];
			const where = JSON.stringify(a.global) !== JSON.stringify(b.global) ? 'global parameters' : keys.find((k) => JSON.stringify(a.operations[k]) !== JSON.stringify(b.operations[k]));
			assert.fail(
				`The node's public surface differs from surface.json (first difference: ${where}). Saved workflows depend on it: run npm run surface if the change is deliberate (after 1.0: a new typeVersion, see README → Development).`,
			);
		}
	});

	it('lists every operation and every model', () => {
		const surface = surfaceOf(new Wan().description) as { operations: Record<string, { models?: Record<string, string[]> }> };
		for (const family of FAMILIES) {
			const operation = surface.operations[`${family.resource}/${family.operation}`];
			assert.ok(operation, `${family.resource}/${family.operation}`);
			for (const model of family.models) assert.ok(Array.isArray(operation.models?.[model.id]), model.id);
		}
	});

	it('shows each model only the fields it takes: wan2.7-i2v its last frame and clip, wan2.6-i2v neither', () => {
		const surface = surfaceOf(new Wan().description) as { operations: Record<string, { models: Record<string, string[]> }> };
		const models = surface.operations['video/imageToVideo'].models;
		assert.ok(models['wan2.7-i2v'].includes('lastFrameUrl') && models['wan2.7-i2v'].includes('firstClipUrl'));
		assert.ok(!models['wan2.6-i2v'].includes('lastFrameUrl') && !models['wan2.6-i2v'].includes('firstClipUrl'));
		// Edit Video: the function selector only for VACE, not for wan2.7-videoedit.
		const edit = surface.operations['video/editVideo'].models;
		assert.ok(edit['wanx2.1-vace-plus'].includes('function'));
		assert.ok(!edit['wan2.7-videoedit'].includes('function'));
	});
});
