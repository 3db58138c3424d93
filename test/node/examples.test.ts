/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Every example workflow's Wan node (those that need no input files) runs against the simulator to an
// MP4 (image operations: to PNGs, or JPEGs for style repaint), so a broken example fails here before the end-to-end run in real n8n.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { generated, generatedImages, kit } from './kit';
import type { Kit } from './kit';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

describe('example workflows', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as { nodes: Array<{ type: string; parameters: INodeParameters }> };
		const others = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.manualTrigger' && n.type !== 'n8n-nodes-wan.wan');
		if (others.length) continue; // reads files from disk: covered by the end-to-end run
		for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-wan.wan')) {
			const image = node.parameters.resource === 'image';
			it(`${file}: ${String(node.parameters.operation)} makes ${image ? 'an image' : 'an MP4'}`, async () => {
				if (image) await generatedImages(k, node.parameters);
				else await generated(k, node.parameters);
			});
		}
	}
});
