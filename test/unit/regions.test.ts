/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { Workflow } from 'n8n-workflow';
import type { INodeTypes } from 'n8n-workflow';

import { baseUrlExpression, REGIONS, resolveBaseUrl } from '../../nodes/Wan/models/shared/regions';

/** Evaluates the credential test's baseURL the way n8n does: its expression engine with $credentials. */
function evaluate(credentials: Record<string, string>): unknown {
	const nodeTypes = { getByName: () => ({}), getByNameAndVersion: () => ({ description: { properties: [] } }), getKnownTypes: () => ({}) };
	const workflow = new Workflow({
		nodes: [{ id: '1', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: nodeTypes as unknown as INodeTypes,
	});
	return workflow.expression.getParameterValue(baseUrlExpression(), null, 0, 0, 'N', [], 'internal', { $credentials: credentials } as never);
}

describe('regions', () => {
	it('resolve to the documented hosts', () => {
		assert.equal(resolveBaseUrl({ region: 'cn-beijing' }), 'https://dashscope.aliyuncs.com/api/v1');
		assert.equal(resolveBaseUrl({ region: 'ap-southeast-1' }), 'https://dashscope-intl.aliyuncs.com/api/v1');
		assert.equal(resolveBaseUrl({ region: 'us-east-1' }), 'https://dashscope-us.aliyuncs.com/api/v1');
		assert.equal(resolveBaseUrl({ region: 'eu-central-1', workspaceId: 'ws-1' }), 'https://ws-1.eu-central-1.maas.aliyuncs.com/api/v1');
		assert.equal(resolveBaseUrl({ region: 'us-east-1', baseUrl: 'http://127.0.0.1:9/api/v1/' }), 'http://127.0.0.1:9/api/v1');
		assert.throws(() => resolveBaseUrl({ region: 'ap-northeast-1' }), /Enter the Workspace ID/);
	});

	it("the credential test's n8n expression builds the same URL as the node, for every region and form", () => {
		for (const region of REGIONS) {
			for (const extra of [{}, { workspaceId: 'ws9' }, { baseUrl: 'https://gateway.example.com/api/v1/' }]) {
				const credentials = { apiKey: 'k', region: region.id, workspaceId: '', baseUrl: '', ...extra };
				if (!region.sharedBaseUrl && !credentials.workspaceId && !credentials.baseUrl) continue;
				assert.equal(evaluate(credentials), resolveBaseUrl(credentials), JSON.stringify(credentials));
			}
		}
	});
});
