import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { executeGeneration } from './actions/generate';
import { executeTaskOperation, taskProperties } from './actions/task';
import { executeAsTool, runsAsTool, toolDescriptionProperties } from './actions/tool';
import { findFamily } from './models';
import { generationProperties } from './description/properties';

export class Wan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wan',
		name: 'wan',
		icon: { light: 'file:wan.svg', dark: 'file:wan.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate videos and images with Alibaba Cloud Model Studio Wan (Tongyi Wanxiang)',
		defaults: { name: 'Wan' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dashScopeApi', required: true }],
		// The tool variant (n8n's `wanTool`) shows a Tool Description per model; see actions/tool.ts.
		properties: [...toolDescriptionProperties(), ...generationProperties(taskProperties)],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// As an AI Agent's tool, refusals and failures are the tool's answer instead of failing the execution.
		if (runsAsTool(this)) return await executeAsTool(this, async () => await run(this));
		return await run(this);
	}
}

async function run(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	if (resource === 'task') return [await executeTaskOperation(ctx, operation)];
	const family = findFamily(resource, operation);
	if (!family) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	return [await executeGeneration(ctx, family)];
}
