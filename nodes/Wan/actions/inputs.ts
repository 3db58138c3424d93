import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readBinaryInput, readRange } from '../media/binaryInput';
import type { BinaryInput } from '../media/binaryInput';
import type { DashScopeClient } from '../engine/dashscope';
import { checkMedia } from '../media/check';
import { FORMAT_KIND, FORMAT_MIME, inspectMedia } from '../media/inspect';
import type { MediaFormat } from '../media/inspect';
import { temporaryUploadProblem } from '../engine/upload';
import type { TemporaryUploader } from '../engine/upload';
import { mediaParamNames } from '../description/mediaParams';
import type { MediaKind, ModelSpec } from '../models/types';
import { setPath } from '../request/paths';
import { listCountProblem } from '../request/build';
import type { BuiltRequest, PendingUpload } from '../request/build';
import { InvalidFieldError } from '../errors';

/**
 * Files that come from input items' binary data: read and checked against the model's limits before
 * anything is uploaded or submitted, then uploaded to temporary storage and put into the request.
 */

/** A binary input checked against the model's limits, waiting for its upload (or to go inline). */
export interface PreparedInput {
	upload: PendingUpload;
	file: BinaryInput;
	kind?: MediaKind;
	/** The format its bytes show (PNG, MP4 …), when recognised. */
	format?: MediaFormat;
	/** Length of a video or audio file, when its header tells. */
	seconds?: number;
	/** Sent as a `data:` URI in the request instead of uploaded (no temporary upload in this region). */
	inline?: boolean;
}

/** Reads and checks every binary input before anything is uploaded or submitted. */
export async function prepareInputs(ctx: IExecuteFunctions, client: DashScopeClient, model: ModelSpec, request: BuiltRequest, itemIndex: number) {
	const inputs: PreparedInput[] = [];
	const unavailable = temporaryUploadProblem(client.baseUrl, client.region);
	for (const upload of request.uploads) {
		const subject = mediaParamNames(upload.field).subject;
		const file = await readBinaryInput(ctx, itemIndex, upload.binaryProperty);
		const label = `${subject} (binary field "${upload.binaryProperty}")`;
		const { kind, format, seconds, limits, problem: kindProblem } = limitsFor(upload, file, label, model);
		const problem = kindProblem ?? (limits && checkMedia(label, model.id, limits, file));
		if (problem) throw new InvalidFieldError(upload.field, problem);
		// Without temporary upload, the fields that document data URIs take the file inline (checked above against its MB limit).
		if (unavailable && !limits?.dataUri) {
			throw new InvalidFieldError(upload.field, `${subject} cannot come from a binary file here: ${unavailable}, and this field takes no inline data. Give a public URL instead.`);
		}
		inputs.push({ upload, file, kind, format, seconds, inline: Boolean(unavailable) });
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
	const { format, seconds } = inspectMedia(file.head, { totalBytes: file.bytes, tail: file.tail });
	const kind: MediaKind | undefined = format ? FORMAT_KIND[format] : undefined;
	if (upload.rule.media) return { kind, format, seconds, limits: upload.rule.media };
	const byKind = upload.rule.mediaByKind ?? {};
	const limits = kind ? byKind[kind] : undefined;
	if (limits) return { kind, format, seconds, limits };
	const accepted = Object.entries(byKind)
		.map(([k, l]) => `${k} (${l.formats.join(', ').toUpperCase()})`)
		.join(' or ');
	return { kind, problem: `${label} is ${format ? `a ${format.toUpperCase()} file` : 'not a recognised media file'}; ${model.id} accepts ${accepted}` };
}

/**
 * Uploads the item's binary inputs (for the exact model name sent) and puts their oss:// URLs in the
 * body; inline inputs go in as data URIs.
 */
export async function uploadInputs(uploader: TemporaryUploader, body: IDataObject, inputs: PreparedInput[]): Promise<IDataObject[]> {
	const uploaded: IDataObject[] = [];
	for (const { upload, file, format, inline } of inputs) {
		if (inline) {
			setPath(body, upload.path, await dataUri(file, format));
			uploaded.push({ field: upload.field.name, binaryProperty: upload.binaryProperty, inline: true, bytes: file.bytes });
			continue;
		}
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


/** The file as `data:{mime};base64,…`, with the MIME type read from its bytes where known. */
async function dataUri(file: BinaryInput, format: MediaFormat | undefined): Promise<string> {
	const data = await file.data();
	const bytes = Buffer.isBuffer(data) ? data : await readRange(data, 0, file.bytes);
	const mimeType = (format && FORMAT_MIME[format]) || file.mimeType;
	return `data:${mimeType};base64,${bytes.toString('base64')}`;
}
