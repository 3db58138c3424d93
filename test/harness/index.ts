/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
/**
 * Test harness: runs an n8n node inside real n8n-core (WorkflowExecute) the way a manual
 * execution in the n8n editor does, and tests credentials the way the CLI's credentials tester
 * does. See test/harness/README.md for what is real and what is faked.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	RoutingNode,
	WorkflowExecute,
	prepareBinaryData,
} from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IRun,
	IRunExecutionData,
	ITaskData,
	ITaskDataConnections,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ApplicationError, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { CredentialTypeRegistry, HarnessCredentialsHelper } from './credentials-helper';
import {
	createManualInput,
	descriptionOf,
	HarnessNodeTypes,
	latestVersion,
	START_NODE_NAME,
	START_NODE_TYPE,
	wrapExecute,
	type AnyNodeType,
} from './node-types';
import {
	bootstrap,
	captureLogs,
	coreRequire,
	exclusive,
	getErrorReporter,
	getLogger,
	installBinaryDataService,
	newRunDir,
	type BinaryDataMode,
} from './runtime';

export type { BinaryDataMode } from './runtime';
export { HarnessCredentialsHelper, CredentialTypeRegistry } from './credentials-helper';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface RunNodeOptions {
	/** The node under test, e.g. `new Wan()` (INodeType or a VersionedNodeType). */
	nodeType: AnyNodeType;
	/** Credential types the node may use, e.g. `[new DashScopeApi()]`. */
	credentialTypes: ICredentialType[];
	/** Credential data by credential type name, e.g. `{ dashScopeApi: { apiKey, region } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Node parameters as saved in a workflow; unset ones take their defaults. */
	parameters: INodeParameters;
	/** Items entering the node. Default `[{ json: {} }]`. Binary: see `prepareInputBinary`. */
	inputItems?: INodeExecutionData[];
	/** The node's "On Error: Continue" setting (stored as `onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** n8n's binary data mode for this run. Default 'filesystem' (a fresh temp dir per run). */
	binaryDataMode?: BinaryDataMode;
	/** Aborting it stops the execution like the editor's stop button. */
	abortSignal?: AbortSignal;
	/** Node version to place in the workflow. Default: the latest. */
	typeVersion?: number;
	/** Node type name in the workflow. Default `<package name>.<description.name>`. */
	nodeTypeName?: string;
	/** Execution mode. Default 'manual' (the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	/** Main output 0 of the node under test. */
	items: INodeExecutionData[];
	/** The error the node threw (the real NodeApiError / NodeOperationError instance), if any. */
	error?: Error;
	/** Bytes of a binary property (default 'data'), read through n8n-core's BinaryDataService. */
	readBinary(item: INodeExecutionData, property?: string): Promise<Buffer>;
	/** Where filesystem mode stored a binary property (undefined in default mode). */
	binaryFilePath(item: INodeExecutionData, property?: string): string | undefined;
	/** Everything n8n's logger printed during the run, one JSON line per entry. */
	logs: string[];
	/** Execution status as n8n records it: 'success' | 'error' | 'canceled' | ... */
	status: IRun['status'] | 'error';
	/** Full n8n run data (IRun), for assertions beyond the above. Undefined if the run never started. */
	run?: IRun;
	/** All output connections of the node under test (index = output index). */
	outputs: INodeExecutionData[][];
	/** The task data n8n recorded for the node under test. */
	taskData?: ITaskData;
	/** Binary data storage directory of this run. */
	storagePath: string;
	/** The workflow node that was executed (after n8n applied parameter defaults). */
	node: INode;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const DEFAULT_BINARY_PROPERTY = 'data';
let executionCounter = 0;

function findPackageName(): string {
	let dir = __dirname;
	for (;;) {
		const candidate = path.join(dir, 'package.json');
		if (existsSync(candidate)) {
			const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
			if (pkg.name) return pkg.name;
		}
		const parent = path.dirname(dir);
		if (parent === dir) return 'n8n-nodes-harness';
		dir = parent;
	}
}

let packageNameCache: string | undefined;
function packageName(): string {
	return (packageNameCache ??= findPackageName());
}

function notSupported(what: string) {
	return async () => {
		throw new ApplicationError(`${what} is not available in the test harness`);
	};
}

/** The parts of the CLI's `WorkflowExecuteAdditionalData.getBase()` a node can reach. */
function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	executionId: string | undefined,
	logs: string[] | undefined,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		userId: 'harness-user',
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notSupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		startRunnerTask: notSupported('The task runner'),
		logAiEvent: () => {},
		// Code-node style console output sent to the editor; keep it with the logs.
		sendDataToUI: (type: string, data: unknown) => {
			logs?.push(JSON.stringify({ sendDataToUI: type, data }));
		},
	} as IWorkflowExecuteAdditionalData;
}

function errorFromRunData(error: unknown): Error | undefined {
	if (!error) return undefined;
	if (error instanceof Error) return error;
	const plain = error as { message?: string; name?: string; stack?: string };
	const rebuilt = new Error(plain.message ?? 'Unknown error');
	Object.assign(rebuilt, plain);
	return rebuilt;
}

function binaryOf(item: INodeExecutionData, property: string): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) {
		const available = Object.keys(item.binary ?? {}).join(', ') || 'none';
		throw new Error(`Item has no binary property "${property}" (available: ${available})`);
	}
	return binary;
}

// ---------------------------------------------------------------------------------------------
// prepareInputBinary
// ---------------------------------------------------------------------------------------------

/**
 * Turns bytes into an `IBinaryData` for an input item, built by n8n-core's own
 * `prepareBinaryData` (in-memory form: base64 data + mimeType/fileName/fileExtension/fileSize).
 * runNode's start node writes such binaries into the run's binary data store before the node
 * under test runs, so in filesystem mode the node receives an id-backed file like production.
 */
export async function prepareInputBinary(
	buffer: Buffer,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	return await exclusive(async () => {
		await installBinaryDataService('default', newRunDir('input'));
		return await prepareBinaryData(buffer, 'harness-input', 'harness', fileName, mimeType);
	});
}

// ---------------------------------------------------------------------------------------------
// runNode
// ---------------------------------------------------------------------------------------------

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const [result] = await runNodes([options]);
	return result;
}

/**
 * Several executions at once in this process, as n8n runs overlapping webhook or schedule executions: each
 * its own WorkflowExecute run, all started together. They share one binary data store (the mode of the first)
 * and one log capture (every result's `logs` holds all of them).
 */
export async function runNodes(list: RunNodeOptions[]): Promise<RunNodeResult[]> {
	return await exclusive(async () => {
		bootstrap();
		const binaryDataMode = list[0]?.binaryDataMode ?? 'filesystem';
		const storagePath = newRunDir(`run-${binaryDataMode}`);
		const binaryDataService = await installBinaryDataService(binaryDataMode, storagePath);
		const runs = list.map((options) => prepareRun(options));
		const { value, logs } = await captureLogs(async (logSink) => await Promise.all(runs.map(async (run) => await run.execute(logSink))));
		return runs.map((run, index) => run.result(value[index], logs, binaryDataService, storagePath));
	});
}

/** One execution's workflow, ready to run (execute) and to be read back (result). */
function prepareRun(options: RunNodeOptions) {
	const mode = options.mode ?? 'manual';

	// Node types: the node under test and the start node
	const nodeTypes = new HarnessNodeTypes();
	const typeVersion = options.typeVersion ?? latestVersion(options.nodeType);
	const description: INodeTypeDescription = descriptionOf(options.nodeType, typeVersion);
	const nodeTypeName = options.nodeTypeName ?? `${packageName()}.${description.name}`;
	nodeTypes.add(nodeTypeName, options.nodeType);
	let thrownByNode: Error | undefined;
	nodeTypes.setResolved(
		nodeTypeName,
		typeVersion,
		wrapExecute(nodeTypes.getByNameAndVersion(nodeTypeName, typeVersion), (error) => {
			thrownByNode = error;
		}),
	);
	const inputItems = options.inputItems ?? [{ json: {} }];
	nodeTypes.add(START_NODE_TYPE, createManualInput(inputItems));

	// Credentials: saved in the (in-memory) credential store and assigned to the node, as the
	// editor does when a credential is selected for each credential slot the node declares.
	const credentialsHelper = new HarnessCredentialsHelper(new CredentialTypeRegistry(options.credentialTypes));
	const nodeCredentials: INodeCredentials = {};
	for (const [type, data] of Object.entries(options.credentials ?? {})) {
		nodeCredentials[type] = credentialsHelper.addCredential(type, data);
	}

	const nodeName = description.defaults?.name ?? description.displayName;
	const startNode: INode = {
		id: randomUUID(),
		name: START_NODE_NAME,
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: randomUUID(),
		name: nodeName,
		type: nodeTypeName,
		typeVersion,
		position: [220, 0],
		parameters: structuredClone(options.parameters),
		...(Object.keys(nodeCredentials).length ? { credentials: nodeCredentials } : {}),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const connections = {
		[START_NODE_NAME]: {
			[NodeConnectionTypes.Main]: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};

	const workflowId = 'harness-workflow';
	const executionId = String(++executionCounter);
	const settings = { executionOrder: 'v1' as const };
	// The Workflow constructor applies parameter defaults (NodeHelpers.getNodeParameters).
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes: [startNode, node],
		connections,
		active: false,
		nodeTypes,
		settings,
	});

	const execute = async (logSink: string[]) => {
		const additionalData = buildAdditionalData(credentialsHelper, executionId, logSink);
		const workflowData = {
			id: workflowId,
			name: workflow.name,
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: Object.values(workflow.nodes),
			connections,
			settings,
		} as IWorkflowBase;
		additionalData.hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

		let run: IRun | undefined;
		let engineError: Error | undefined;
		const workflowExecute = new WorkflowExecute(additionalData, mode);
		let execution: ReturnType<WorkflowExecute['run']> | undefined;
		// What the editor's stop button ends up doing: ActiveExecutions cancels the PCancelable.
		const onAbort = () => execution?.cancel();
		try {
			execution = workflowExecute.run({ workflow, startNode: workflow.getNode(START_NODE_NAME) ?? undefined });
			if (options.abortSignal?.aborted) execution.cancel();
			else options.abortSignal?.addEventListener('abort', onAbort, { once: true });
			run = await execution;
		} catch (error) {
			// e.g. WorkflowHasIssuesError (missing required parameters), thrown before the run starts
			engineError = error as Error;
		} finally {
			options.abortSignal?.removeEventListener('abort', onAbort);
		}
		return { run, engineError };
	};

	const result = (
		value: Awaited<ReturnType<typeof execute>>,
		logs: string[],
		binaryDataService: Awaited<ReturnType<typeof installBinaryDataService>>,
		storagePath: string,
	): RunNodeResult => {
		const { run, engineError } = value;
		const taskData = run?.data.resultData.runData[nodeName]?.[0];
		const outputs = (taskData?.data?.[NodeConnectionTypes.Main] ?? []).map((items) => items ?? []);
		const error =
			thrownByNode ??
			engineError ??
			errorFromRunData(taskData?.error) ??
			(run?.status === 'error' || run?.status === 'canceled' ? errorFromRunData(run.data.resultData.error) : undefined);

		return {
			items: outputs[0] ?? [],
			outputs,
			error,
			logs,
			status: run?.status ?? 'error',
			run,
			taskData,
			storagePath,
			node: workflow.getNode(nodeName) ?? node,
			readBinary: async (item, property = DEFAULT_BINARY_PROPERTY) =>
				await binaryDataService.getAsBuffer(binaryOf(item, property)),
			binaryFilePath: (item, property = DEFAULT_BINARY_PROPERTY) => {
				const binary = binaryOf(item, property);
				return binary.id ? binaryDataService.getPath(binary.id) : undefined;
			},
		};
	};

	return { execute, result };
}

// ---------------------------------------------------------------------------------------------
// testCredential — mirrors the CLI's CredentialsTester for a type with `test: ICredentialTestRequest`
// ---------------------------------------------------------------------------------------------

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: { credentialTypes?: ICredentialType[] } = {},
): Promise<CredentialTestResult> {
	return await exclusive(async () => {
		bootstrap();
		const { value } = await captureLogs(async () => await testCredentialExclusive(credentialType, data, options));
		return value;
	});
}

async function testCredentialExclusive(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: { credentialTypes?: ICredentialType[] },
): Promise<CredentialTestResult> {
	const logger = getLogger();
	const errorReporter = getErrorReporter();
	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const registry = new CredentialTypeRegistry([credentialType, ...(options.credentialTypes ?? [])]);
	const credentialsHelper = new HarnessCredentialsHelper(registry);
	const stored = credentialsHelper.addCredential(credentialType.name, data);
	const additionalData = buildAdditionalData(credentialsHelper, undefined, undefined);

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: stored.id ?? 'harness',
		name: stored.name,
		type: credentialType.name,
		data: { ...data },
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			credentialsDecrypted.data ?? {},
			credentialType.name,
			'internal',
		);
	} catch (error) {
		logger.debug('Credential test failed', { error });
		return { status: 'Error', message: String((error as Error).message) };
	}

	// The CLI runs the test request through a temporary NoOp node whose only property routes
	// `test.request`, executed by n8n-core's RoutingNode (declarative-node machinery).
	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeTypeCopy.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(nodeTypeCopy.description.name, nodeTypeCopy);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

	const mode = 'internal';
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (e) {
		const error = e as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		errorReporter.error(error);
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: statusMessage || `Received HTTP status code: ${statusCode}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		logger.debug('Credential test failed', { error });
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0]?.[0]?.json ?? {};
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash `get`, as the CLI uses (resolved from n8n-core's dependencies). */
const getPath = coreRequire('lodash/get') as (object: unknown, path: string) => unknown;

