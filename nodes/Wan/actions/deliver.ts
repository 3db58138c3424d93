import type { IBinaryData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadToBinary } from '../engine/download';
import type { ExecutionScheduler } from '../engine/scheduler';
import { DashScopeCallError, failedResults, taskJson, terminalFailure } from '../engine/task';
import type { CostContext, TaskSnapshot } from '../engine/task';
import { resultUrls } from '../models';
import type { FamilySpec } from '../models/types';
import type { NodeOptions } from '../options';

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
	if (!found.urls.length) {
		// Every sub-result failed (e.g. all images flagged): report the service's own reason.
		const [first] = failedResults(task.output);
		throw new DashScopeCallError({
			code: first?.code ?? 'NoResult',
			message: first ? `No result was produced: ${first.message}` : 'The task succeeded but its answer holds no result URL',
			taskId: task.taskId,
			taskStatus: task.status,
			advice: first ? undefined : 'Inspect the task with Task → Get.',
		});
	}
	const json = taskJson(task, known.model, found.urls, known.cost);
	if (options.returnAs === 'url') return { json };

	const binary: Record<string, IBinaryData> = {};
	for (const [index, url] of found.urls.entries()) {
		const { extension, mimeType } = fileTypeOf(url, found.family);
		const suffix = found.urls.length > 1 ? `-${index + 1}` : '';
		binary[propertyName(options.binaryPropertyName, index)] = await scheduler.downloads.run(() =>
			downloadToBinary(ctx, {
				url,
				fileName: `${task.taskId}${suffix}.${extension}`,
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
