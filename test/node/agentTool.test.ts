/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The node as an AI Agent's tool, inside real n8n-core: n8n registers the node a second time as `n8n-nodes-wan.wanTool`
// (see n8n's convertNodeToAiTool). As a tool a refusal or a service failure is the node's output (compact JSON for the
// model), Return As defaults to URL, and the output is compact; as an ordinary node the same refusal fails the run.
// The agent itself (with a chat model) runs in the e2e test in real n8n: test/e2e/e2e.mjs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeTypeDescription } from 'n8n-workflow';

import { Wan } from '../../nodes/Wan/Wan.node';
import { TEXT_TO_VIDEO, kit } from './kit';
import type { Kit } from './kit';

const TOOL_TYPE = 'n8n-nodes-wan.wanTool';

/** The tool variant as n8n registers it: same node, description name `wanTool` (which `@tool` display options read). */
function wanTool(): Wan {
	const node = new Wan();
	node.description = { ...node.description, name: 'wanTool', displayName: 'Wan Tool' };
	delete (node.description as Partial<INodeTypeDescription>).usableAsTool;
	return node;
}

describe('the Wan node as an AI Agent tool', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('a refused value is the tool answer (field, what is allowed), nothing sent, the run succeeds', async () => {
		const before = k.sim.stats.submitRequests;
		const result = await k.run({ ...TEXT_TO_VIDEO, duration: 60 }, { nodeType: wanTool(), nodeTypeName: TOOL_TYPE });
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		const answer = result.items[0].json;
		expect(answer.error).toMatch(/Duration.*2 to 15.*wan2\.6-t2v.*got 60/);
		expect(answer).toMatchObject({ field: 'duration', allowed: expect.stringContaining('2 to 15'), nothingSent: true });
		expect(JSON.stringify(answer).length).toBeLessThan(400);
		expect(k.sim.stats.submitRequests).toBe(before);
	});

	it('as an ordinary node the same refusal still fails the run', async () => {
		const result = await k.run({ ...TEXT_TO_VIDEO, duration: 60 });
		expect(result.error?.message).toMatch(/Duration.*2 to 15/);
		expect(result.status).not.toBe('success');
	});

	it('a service error is the tool answer too (its code), without the key', async () => {
		const wrongKey = 'sk-agent-tool-wrong-key-0001';
		const result = await k.run(TEXT_TO_VIDEO, { nodeType: wanTool(), nodeTypeName: TOOL_TYPE, apiKey: wrongKey });
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const answer = result.items[0].json;
		expect(answer.error).toMatch(/InvalidApiKey|API-key/);
		expect(answer.code).toBe('InvalidApiKey');
		expect(typeof answer.hint).toBe('string');
		expect(JSON.stringify(result.items)).not.toContain(wrongKey);
	});

	it('a valid call: one task, a compact answer with the URL, no download (Return As not set)', async () => {
		const submits = k.sim.stats.submits;
		const files = k.sim.stats.fileRequests;
		const result = await k.run(TEXT_TO_VIDEO, { nodeType: wanTool(), nodeTypeName: TOOL_TYPE });
		expect(result.error).toBeUndefined();
		expect(k.sim.stats.submits).toBe(submits + 1);
		expect(k.sim.stats.fileRequests).toBe(files);
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ status: 'SUCCEEDED', model: 'wan2.6-t2v', taskId: expect.any(String), resultUrl: expect.stringMatching(/^http/) });
		for (const padded of ['actualPrompt', 'origPrompt', 'usage', 'submitTime', 'scheduledTime', 'requestId']) expect(item.json).not.toHaveProperty(padded);
		if (item.json.cost) expect(JSON.stringify(item.json.cost)).not.toMatch(/ /);
		expect(JSON.stringify(item.json).length).toBeLessThan(700);
	});

	it('Return As set explicitly to Binary File still downloads the file as a tool', async () => {
		const files = k.sim.stats.fileRequests;
		const result = await k.run({ ...TEXT_TO_VIDEO, options: { returnAs: 'binary' } }, { nodeType: wanTool(), nodeTypeName: TOOL_TYPE });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(k.sim.stats.fileRequests).toBeGreaterThan(files);
	});

	it('the ordinary node keeps downloading by default', async () => {
		const result = await k.run(TEXT_TO_VIDEO);
		expect(result.items[0].binary?.data).toBeDefined();
	});
});

describe('the tool description', () => {
	/** What n8n hands the model: NodeHelpers.getToolDescriptionForNode over the parameters with their defaults. */
	function toolDescription(description: INodeTypeDescription, parameters: INode['parameters']): string {
		const node: INode = { id: '1', name: 'Wan', type: `n8n-nodes-wan.${description.name}`, typeVersion: 1, position: [0, 0], parameters };
		node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
		return NodeHelpers.getToolDescriptionForNode(node, { description } as never);
	}

	it('names the selected model and each field’s limits for it', () => {
		const text = toolDescription(wanTool().description, { resource: 'video', operation: 'textToVideo', model: 'wan2.6-t2v' });
		expect(text).toContain('wan2.6-t2v');
		expect(text).toContain('Duration (Seconds) (duration): 2 to 15');
		expect(text).toMatch(/Size \(size\): one of 1280\*720/);
		const other = toolDescription(wanTool().description, { resource: 'video', operation: 'imageToVideo', model: 'wan2.5-i2v-preview' });
		expect(other).toContain('Duration (Seconds) (duration): one of 5, 10');
	});

	it('a description the user wrote wins; Task → Get says what it answers', () => {
		expect(toolDescription(wanTool().description, { resource: 'video', operation: 'textToVideo', model: 'wan2.6-t2v', toolDescription: 'Make a clip' })).toBe('Make a clip');
		expect(toolDescription(wanTool().description, { resource: 'task', operation: 'get' })).toMatch(/status.*resultUrl/);
	});

	it('the ordinary node has no Tool Description parameter', () => {
		const description = new Wan().description;
		const node: INode = { id: '1', name: 'Wan', type: 'n8n-nodes-wan.wan', typeVersion: 1, position: [0, 0], parameters: {} };
		const parameters = NodeHelpers.getNodeParameters(description.properties, { resource: 'video', operation: 'textToVideo', model: 'wan2.6-t2v' }, true, false, node, description);
		expect(parameters).not.toHaveProperty('toolDescription');
	});
});
