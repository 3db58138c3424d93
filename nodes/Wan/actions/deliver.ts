import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadToBinary } from '../engine/download';
import type { ExecutionScheduler } from '../engine/scheduler';
import { taskCost } from '../cost';
import { failedResults, terminalFailure, urlExpiry } from '../engine/taskAnswer';
import type { TaskSnapshot } from '../engine/taskAnswer';
import type { RegionId } from '../models/shared/regions';
import type { FamilySpec, ResultPath } from '../models/types';
import { readPath, resultUrls } from '../request/paths';
import type { NodeOptions } from '../description/options';
import { DashScopeCallError } from '../errors';

const MIME_BY_EXTENSION: Record<string, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
};

/**
 * File type of a result: from the URL's extension when it is a known media type (an image family may
 * return JPEG or PNG), else the family's declared output, else generic bytes (task actions).
 */
function fileTypeOf(url: string, family: FamilySpec | undefined): { extension: string; mimeType: string } {
	const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
	if (MIME_BY_EXTENSION[extension]) return { extension, mimeType: MIME_BY_EXTENSION[extension] };
	return family?.output ?? { extension: 'bin', mimeType: 'application/octet-stream' };
}

/** Binary property names: `data`, then `data_2`, `data_3` … for multi-file results. */
const propertyName = (base: string, index: number) => (index === 0 ? base : `${base}_${index + 1}`);

/**
 * Turns a finished task into the output item: JSON always, plus the result file(s) as binary unless
 * the user asked for URLs. A failed download keeps task id and URL in the error, so paid work is never lost.
 */
export async function deliverTask(
	ctx: IExecuteFunctions,
	scheduler: ExecutionScheduler,
	task: TaskSnapshot,
	options: NodeOptions,
	known: { model?: string; family?: FamilySpec; cost?: CostContext } = {},
): Promise<INodeExecutionData> {
	const failure = terminalFailure(task);
	if (failure) throw new DashScopeCallError(failure);
	// The family says where its results live; a task of a model this node does not know has none to read.
	const found = { urls: known.family ? resultUrls(known.family, task.output) : [], family: known.family };
	// A motion template (picked up with Task → Wait): the template ID is the whole result.
	if (!found.urls.length && typeof task.output.template_id === 'string') return { json: taskJson(task, known.model, [], known.cost) };
	if (!found.urls.length) {
		// Every sub-result failed (e.g. all images flagged): report the service's own reason.
		const [first] = failedResults(task.output);
		const synchronous = !task.taskId;
		throw new DashScopeCallError({
			code: first?.code ?? 'NoResult',
			message: first
				? `No result was produced: ${first.message}`
				: `The ${synchronous ? 'answer' : 'task'} succeeded but holds no result URL`,
			taskId: task.taskId || undefined,
			taskStatus: task.status,
			requestId: task.requestId,
			advice: first ? undefined : synchronous ? 'A synchronous call leaves no task to inspect: try again.' : 'Inspect the task with Task → Get.',
		});
	}
	const json = taskJson(task, known.model, found.urls, known.cost);
	// Text next to the images (wan2.6-image interleaved; also when picked up later by Task → Wait).
	const parts = known.family?.models.find((model) => model.id === known.model)?.protocol?.parts;
	if (parts) Object.assign(json, contentOf(parts, task.output, found.urls, options));
	if (options.returnAs === 'url') return { json };

	const binary: Record<string, IBinaryData> = {};
	// A synchronous call has no task ID: its request ID names the files.
	const baseName = task.taskId || task.requestId || 'result';
	for (const [index, url] of found.urls.entries()) {
		const { extension, mimeType } = fileTypeOf(url, found.family);
		const suffix = found.urls.length > 1 ? `-${index + 1}` : '';
		binary[propertyName(options.binaryPropertyName, index)] = await scheduler.downloads.run(() =>
			downloadToBinary(ctx, {
				url,
				fileName: `${baseName}${suffix}.${extension}`,
				mimeType,
				signal: scheduler.signal,
				taskId: task.taskId,
				taskStatus: task.status,
				maxBytes: options.maxResultMb ? options.maxResultMb * 1024 * 1024 : undefined,
			}),
		);
	}
	return { json, binary };
}

/**
 * Interleaved text and images (nothing when the answer holds images only): the parts in their order, text as text and each image as the binary field (and
 * URL) it went to, plus all text joined, so a downstream node can lay out the article or post.
 */
function contentOf(path: ResultPath, output: IDataObject, urls: readonly string[], options: NodeOptions): IDataObject {
	const content: IDataObject[] = [];
	for (const part of readPath({ output }, path)) {
		if (!part || typeof part !== 'object') continue;
		const { text, image } = part as IDataObject;
		if (typeof text === 'string') content.push({ type: 'text', text });
		else if (typeof image === 'string') {
			const index = urls.indexOf(image);
			content.push({ type: 'image', url: image, ...(options.returnAs === 'binary' && index >= 0 ? { binaryProperty: propertyName(options.binaryPropertyName, index) } : {}) });
		}
	}
	const texts = content.flatMap((part) => (part.type === 'text' ? [part.text as string] : []));
	return texts.length ? { text: texts.join('\n\n'), content } : {};
}

/**
 * With "One Item per Image", a result of several files becomes one item per file, each in the output field
 * (the caller pairs every one with the input item); otherwise the item stays as it is.
 */
export function splitFiles(item: INodeExecutionData, options: NodeOptions): INodeExecutionData[] {
	const urls = Array.isArray(item.json.resultUrls) ? (item.json.resultUrls as string[]) : [];
	if (!options.oneItemPerFile || urls.length < 2) return [item];
	const json = { ...item.json };
	delete json.resultUrls;
	// Interleaved parts name their picture by URL only: the binary fields data_2 … do not exist in split items.
	if (Array.isArray(json.content)) {
		json.content = (json.content as IDataObject[]).map((part) => {
			const byUrl = { ...part };
			delete byUrl.binaryProperty;
			return byUrl;
		});
	}
	return urls.map((url, index) => {
		const file = item.binary?.[propertyName(options.binaryPropertyName, index)];
		return {
			json: { ...json, resultUrl: url, resultUrlExpiresAt: urlExpiry(url) ?? null, fileIndex: index + 1, fileCount: urls.length },
			...(file ? { binary: { [options.binaryPropertyName]: file } } : {}),
		};
	});
}

/** Where the list price of a finished task comes from: the credential's region and, when known, the request sent. */
export interface CostContext {
	region: RegionId;
	request?: IDataObject;
}

/** The JSON part of an output item: everything a user needs to track, bill or recover the task. */
export function taskJson(task: TaskSnapshot, model: string | undefined, resultUrls: string[], cost?: CostContext): IDataObject {
	const json: IDataObject = {
		// A synchronous call has no task: null says so (its requestId identifies the call).
		taskId: task.taskId || null,
		status: task.status,
		model: model ?? null,
	};
	// Times are the service's own strings (Beijing time on cn-beijing, per the samples).
	for (const [from, to] of [
		['submit_time', 'submitTime'],
		['scheduled_time', 'scheduledTime'],
		['end_time', 'endTime'],
		['orig_prompt', 'origPrompt'],
		['actual_prompt', 'actualPrompt'],
		// A motion-template task (AnimateAnyone) makes no file: its result is this ID.
		['template_id', 'templateId'],
	] as const) {
		if (task.output[from] !== undefined) json[to] = task.output[from];
	}
	if (task.usage) json.usage = task.usage;
	if (task.usage && model && cost) json.cost = taskCost(model, cost.region, task.usage, cost.request);
	if (task.output.task_metrics) json.taskMetrics = task.output.task_metrics;
	const failed = failedResults(task.output);
	if (failed.length) json.failedResults = failed;
	if (resultUrls.length) {
		json.resultUrl = resultUrls[0];
		json.resultUrlExpiresAt = urlExpiry(resultUrls[0]) ?? null;
		if (resultUrls.length > 1) json.resultUrls = resultUrls;
	}
	if (task.requestId) json.requestId = task.requestId;
	return json;
}
