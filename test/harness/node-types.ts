/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
/**
 * Node types registry (the CLI's NodeTypes service, minus the loading from disk) and the
 * harness start node that feeds the caller's input items into the workflow.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	/** Per-version overrides, used to wrap the node under test (see `wrapExecute`). */
	private readonly resolved = new Map<string, INodeType>();

	add(fullName: string, type: AnyNodeType): void {
		this.types.set(fullName, type);
	}

	setResolved(fullName: string, version: number, type: INodeType): void {
		this.resolved.set(`${fullName}@${version}`, type);
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Unrecognized node type: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const override = version !== undefined ? this.resolved.get(`${nodeType}@${version}`) : undefined;
		if (override) return override;
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** Latest (default) version of a node type, as the editor would pick for a new node. */
export function latestVersion(type: AnyNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

export function descriptionOf(type: AnyNodeType, version: number): INodeTypeDescription {
	return NodeHelpers.getVersionedNodeType(type, version).description;
}

/**
 * Returns a transparent stand-in for `type` whose `execute` records the error it throws before
 * rethrowing it. WorkflowExecute keeps only a plain-object copy of a node's error in the run data;
 * this gives the caller the real NodeApiError / NodeOperationError instance.
 */
export function wrapExecute(type: INodeType, onError: (error: Error) => void): INodeType {
	const original = type.execute;
	if (!original) return type;
	const wrapped = Object.create(type) as INodeType;
	const execute = async function (this: unknown, ...args: unknown[]) {
		try {
			// Class-based `Node` types are called as `type.execute(context)`, INodeType ones as
			// `type.execute.call(context)`; keep whichever `this` the engine meant.
			const self = this === wrapped ? type : this;
			return await (original as (...a: unknown[]) => Promise<unknown>).apply(self, args);
		} catch (error) {
			onError(error as Error);
			throw error;
		}
	};
	Object.defineProperty(wrapped, 'execute', { value: execute, enumerable: true });
	return wrapped;
}

export const START_NODE_TYPE = 'n8n-nodes-harness.manualInput';
export const START_NODE_NAME = 'When clicking ‘Execute workflow’';

/**
 * Start node standing in for n8n's Manual Trigger: it emits the caller's items. Binary
 * properties that are not in the binary data store yet are written to it through
 * `this.helpers.setBinaryDataBuffer` — exactly what an upstream node producing files does — so
 * the node under test receives binary data in the run's mode (filesystem: an id on disk).
 */
export function createManualInput(items: INodeExecutionData[]): INodeType {
	const description: INodeTypeDescription = {
		displayName: 'Manual Input (harness)',
		name: 'manualInput',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items given to runNode()',
		defaults: { name: START_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
	// `this` is n8n-core's ExecuteContext; the items come from the closure.
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const copy: INodeExecutionData = { json: { ...item.json } };
			if (item.binary) {
				copy.binary = {};
				for (const [key, binary] of Object.entries(item.binary)) {
					copy.binary[key] = binary.id
						? { ...binary }
						: await this.helpers.setBinaryDataBuffer({ ...binary }, Buffer.from(binary.data, 'base64'));
				}
			}
			out.push(copy);
		}
		return [out];
	}
	return { description, execute };
}
