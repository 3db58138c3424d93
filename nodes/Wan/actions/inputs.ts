import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readBinaryInput } from '../engine/binaryInput';
import type { BinaryInput } from '../engine/binaryInput';
import type { DashScopeClient } from '../engine/dashscope';
import { checkMedia } from '../engine/mediaCheck';
import { FORMAT_KIND, inspectMedia } from '../engine/mediaInspect';
import { temporaryUploadProblem } from '../engine/upload';
import type { TemporaryUploader } from '../engine/upload';
import { mediaParamNames } from '../mediaParams';
import type { MediaKind, ModelSpec } from '../models/types';
import { setPath } from '../paths';
import { InvalidFieldError, listCountProblem } from '../request';
import type { BuiltRequest, PendingUpload } from '../request';

/**
 * Files that come from input items' binary data: read and checked against the model's limits before
 * anything is uploaded or submitted, then uploaded to temporary storage and put into the request.
 */

/** A binary input checked against the model's limits, waiting for its upload. */
export interface PreparedInput {
	upload: PendingUpload;
	file: BinaryInput;
	kind?: MediaKind;
}

/** Reads and checks every binary input before anything is uploaded or submitted. */
export async function prepareInputs(ctx: IExecuteFunctions, client: DashScopeClient, model: ModelSpec, request: BuiltRequest, itemIndex: number) {
	const inputs: PreparedInput[] = [];
	for (const upload of request.uploads) {
		const subject = mediaParamNames(upload.field).subject;
		const unavailable = temporaryUploadProblem(client.baseUrl);
		if (unavailable) {
			throw new InvalidFieldError(upload.field, `${subject} cannot come from a binary file here: ${unavailable}. Give a public URL instead.`);
		}
		const file = await readBinaryInput(ctx, itemIndex, upload.binaryProperty);
		const label = `${subject} (binary field "${upload.binaryProperty}")`;
		const { kind, limits, problem: kindProblem } = limitsFor(upload, file, label, model);
		const problem = kindProblem ?? (limits && checkMedia(label, model.id, limits, file));
		if (problem) throw new InvalidFieldError(upload.field, problem);
		inputs.push({ upload, file, kind });
	}
	// Lists: how many files of each kind, now that each file's kind is known from its bytes.
	for (const field of new Set(inputs.filter((i) => i.upload.index !== undefined).map((i) => i.upload.field))) {
		const members = inputs.filter((i) => i.upload.field === field);
		const problem = listCountProblem(field, members[0].upload.rule, model, members.map((i) => i.kind));
		if (problem) throw new InvalidFieldError(field, problem);
	}
	return inputs;
}

/** A single media field has one set of limits; a list's limits depend on each file's kind. */
function limitsFor(upload: PendingUpload, file: BinaryInput, label: string, model: ModelSpec) {
	const format = inspectMedia(file.head, { totalBytes: file.bytes, tail: file.tail }).format;
	const kind: MediaKind | undefined = format ? FORMAT_KIND[format] : undefined;
	if (upload.rule.media) return { kind, limits: upload.rule.media };
	const byKind = upload.rule.mediaByKind ?? {};
	const limits = kind ? byKind[kind] : undefined;
	if (limits) return { kind, limits };
	const accepted = Object.entries(byKind)
		.map(([k, l]) => `${k} (${l.formats.join(', ').toUpperCase()})`)
		.join(' or ');
	return { kind, problem: `${label} is ${format ? `a ${format.toUpperCase()} file` : 'not a recognised media file'}; ${model.id} accepts ${accepted}` };
}

/** Uploads the item's binary inputs (for the exact model name sent) and puts their oss:// URLs in the body. */
export async function uploadInputs(uploader: TemporaryUploader, body: IDataObject, inputs: PreparedInput[]): Promise<IDataObject[]> {
	const uploaded: IDataObject[] = [];
	for (const { upload, file } of inputs) {
		const { url, expiresAt } = await uploader.upload(String(body.model), {
			fileName: file.fileName,
			mimeType: file.mimeType,
			bytes: file.bytes,
			data: file.data,
		});
		setPath(body, upload.path, url);
		uploaded.push({ field: upload.field.name, binaryProperty: upload.binaryProperty, url, expiresAt });
	}
	return uploaded;
}

