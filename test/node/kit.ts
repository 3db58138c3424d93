/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { Wan } from '../../nodes/Wan/Wan.node';
import { accountId, accountPacing } from '../../nodes/Wan/engine/account';
import type { AccountPacing } from '../../nodes/Wan/engine/account';
import { runNode, runNodes } from '../harness';
import type { RunNodeOptions, RunNodeResult } from '../harness';
import { SIMULATOR_DEMO_KEY, startSimulator } from '../simulator';
import { jpegSize } from '../simulator/jpeg';
import type { Simulator, SimulatorOptions } from '../simulator';

export const TEXT_TO_VIDEO: INodeParameters = {
	resource: 'video',
	operation: 'textToVideo',
	model: 'wan2.6-t2v',
	prompt: 'A red fox in the snow',
	size: '1280*720',
	duration: 5,
};

/** Character swap with its image from binary field `photo` and its video from `clip`. */
export const SWAP_FROM_BINARY: INodeParameters = {
	resource: 'video',
	operation: 'characterSwap',
	model: 'wan2.2-animate-mix',
	imageSource: 'binary',
	imageBinaryProperty: 'photo',
	videoSource: 'binary',
	videoBinaryProperty: 'clip',
	mode: 'wan-std',
};

export interface Kit {
	sim: Simulator;
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions> & { apiKey?: string; region?: string }): Promise<RunNodeResult>;
	/** Several executions of the node at once in this process (as overlapping webhook executions run). */
	runMany(runs: Array<{ parameters: INodeParameters; options?: Partial<RunNodeOptions> }>): Promise<RunNodeResult[]>;
	/** The pacing every execution on this simulator with the demo key shares (gates, grants, known tasks). */
	account(): AccountPacing;
	close(): Promise<void>;
}

/** A fresh simulator plus a way to run the Wan node against it inside real n8n-core. */
export async function kit(options: SimulatorOptions = {}): Promise<Kit> {
	const sim = await startSimulator({ taskSeconds: 0.3, pendingSeconds: 0.1, ...options });
	const credentials = (apiKey?: string, region?: string) => ({
		dashScopeApi: { apiKey: apiKey ?? SIMULATOR_DEMO_KEY, region: region ?? 'cn-beijing', workspaceId: '', baseUrl: sim.apiBaseUrl },
	});
	return {
		sim,
		run: (parameters, { apiKey, region, ...rest } = {}) =>
			runNode({ nodeType: new Wan(), credentialTypes: [new DashScopeApi()], credentials: credentials(apiKey, region), parameters, ...rest }),
		runMany: (runs) =>
			runNodes(runs.map(({ parameters, options }) => ({ nodeType: new Wan(), credentialTypes: [new DashScopeApi()], credentials: credentials(), parameters, ...options }))),
		account: () => accountPacing(accountId(SIMULATOR_DEMO_KEY, sim.apiBaseUrl.replace(/\/+$/, ''))),
		close: () => sim.close(),
	};
}

export const items = (...rows: Array<Record<string, string>>): INodeExecutionData[] => rows.map((json) => ({ json }));

/** ISO BMFF sanity: the file starts with an ftyp box and holds a moov box at top level. */
export function isMp4(bytes: Buffer): boolean {
	if (bytes.subarray(4, 8).toString('latin1') !== 'ftyp') return false;
	for (let offset = 0; offset + 8 <= bytes.length; ) {
		const size = bytes.readUInt32BE(offset);
		if (bytes.subarray(offset + 4, offset + 8).toString('latin1') === 'moov') return true;
		if (size < 8) return false;
		offset += size;
	}
	return false;
}

/** Every string the run produced that a user or log reader could see. */
export function everythingVisible(result: RunNodeResult): string {
	const error = result.error as (Error & { description?: string; context?: unknown }) | undefined;
	return JSON.stringify({
		items: result.items.map((i) => i.json),
		error: error && { message: error.message, description: error.description, context: error.context, stack: error.stack, cause: String((error as { cause?: unknown }).cause ?? '') },
		logs: result.logs,
	});
}

/** Runs one generation that must succeed: the request body the service received, and the output item's JSON. */
export async function generated(k: Kit, parameters: INodeParameters): Promise<{ body: Record<string, unknown>; json: Record<string, unknown> }> {
	k.sim.reset();
	const result = await k.run(parameters);
	assert.equal(result.error, undefined, String(result.error));
	const [item] = result.items;
	assert.equal(item.binary?.data?.mimeType, 'video/mp4');
	assert.ok(isMp4(await result.readBinary(item, 'data')), 'a playable MP4');
	assert.equal(k.sim.stats.unknownFields.length, 0, `fields the service does not know: ${JSON.stringify(k.sim.stats.unknownFields)}`);
	return { body: k.sim.stats.submissions[0].body as Record<string, unknown>, json: item.json };
}

/** Runs one generation that must be refused before anything is sent (nothing paid for). */
export async function refused(k: Kit, parameters: INodeParameters, message: RegExp): Promise<void> {
	k.sim.reset();
	const result = await k.run(parameters);
	assert.match(String(result.error?.message), message);
	assert.equal(k.sim.stats.submitRequests + k.sim.stats.syncRequests, 0, 'nothing was sent');
}

export const isPng = (bytes: Buffer): boolean => bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';

/**
 * Runs one image generation that must succeed: the request body the service received, the output item's JSON
 * and the width × height of each PNG (or JPEG) delivered (data, data_2 …), in order.
 */
export async function generatedImages(
	k: Kit,
	parameters: INodeParameters,
	options?: Partial<RunNodeOptions>,
): Promise<{ body: Record<string, unknown>; json: Record<string, unknown>; sizes: Array<[number, number]> }> {
	k.sim.reset();
	const result = await k.run(parameters, options);
	assert.equal(result.error, undefined, String(result.error));
	const [item] = result.items;
	assert.equal(item.json.status, 'SUCCEEDED');
	const sizes: Array<[number, number]> = [];
	// data, data_2 … data_12 in their numeric order.
	for (const property of Object.keys(item.binary ?? {}).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
		const bytes = await result.readBinary(item, property);
		// PNG, or JPEG for the families that answer .jpg URLs (portrait style repaint): the bytes match the MIME type.
		if (item.binary?.[property]?.mimeType === 'image/jpeg') {
			const jpeg = jpegSize(bytes);
			assert.ok(jpeg, `${property} is a JPEG`);
			sizes.push([jpeg.width, jpeg.height]);
			continue;
		}
		assert.equal(item.binary?.[property]?.mimeType, 'image/png', property);
		assert.ok(isPng(bytes), `${property} is a PNG`);
		sizes.push([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]);
	}
	assert.ok(sizes.length > 0, 'at least one image (binary.data)');
	assert.equal(k.sim.stats.unknownFields.length, 0, `fields the service does not know: ${JSON.stringify(k.sim.stats.unknownFields)}`);
	// A task's body, or a synchronous call's (messages models while waiting).
	const sent = k.sim.stats.submissions[0] ?? k.sim.stats.syncGenerations[0];
	return { body: sent.body as Record<string, unknown>, json: item.json, sizes };
}
