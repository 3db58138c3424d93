import type { INode } from 'n8n-workflow';

/**
 * The node runs as an AI Agent's tool: n8n registers every `usableAsTool` node a second time as `<name>Tool`
 * (here `n8n-nodes-wan.wanTool`). No imports beyond types, so options.ts can ask without a cycle.
 */
export function runsAsTool(ctx: { getNode(): INode }): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * What Return As means when the Options collection does not set it: the file for an ordinary node, the URL for a
 * tool (n8n drops a tool's binary data before the model sees it, so downloading it would be wasted).
 */
export function defaultReturnAs(ctx: { getNode(): INode }): 'binary' | 'url' {
	return runsAsTool(ctx) ? 'url' : 'binary';
}
