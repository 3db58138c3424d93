import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { executeGeneration } from './actions/generate';
import { executeTaskOperation, taskProperties } from './actions/task';
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
		properties: generationProperties(taskProperties),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'task') return [await executeTaskOperation(this, operation)];
		const family = findFamily(resource, operation);
		if (!family) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
		}
		return [await executeGeneration(this, family)];
	}
}
