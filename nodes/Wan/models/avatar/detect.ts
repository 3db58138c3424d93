import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { describeIssues } from '../../engine/answers';
import { AVATAR_IMAGE_FORMATS, avatarImageField } from './chain';
import type { FamilySpec, FieldDef, MediaLimits, ModelSpec } from '../types';

/**
 * Avatar → Detect (api-avatar.md §2, §6.1): the synchronous image checks of the avatar families, on
 * their own, for users who check photos before paying. Four models share one endpoint and answer in
 * four shapes; AnimateAnyone has its own endpoint. Each answer is checked against its model's shape.
 */

export const FACE_DETECT_ENDPOINT = '/services/aigc/image2video/face-detect';
export const AA_DETECT_ENDPOINT = '/services/aigc/image2video/aa-detect';

const fields: FieldDef[] = [
	avatarImageField('The photo to check. The answer says whether it passes and, for EMO and Emoji, where the face is.', 'Image URL'),
	{
		name: 'ratio',
		label: 'Aspect Ratio',
		description: 'Aspect ratio of the region to animate: 1:1 for a head shot, 3:4 for half body (EMO). Emoji takes 1:1 only.',
		type: 'options',
		labels: { '1:1': '1:1 (Head Shot)', '3:4': '3:4 (Half Body)' },
		path: 'parameters.ratio',
		placement: 'main',
	},
];

const checkModel = (id: string, label: string, description: string, image: MediaLimits, extra: ModelSpec['fields'] = {}, endpoint = FACE_DETECT_ENDPOINT): ModelSpec => ({
	id,
	label,
	description,
	regions: ['cn-beijing'],
	// 5 checks per second; a sync call has no queue ("unlimited" concurrency). Emoji's limits are not given: assumed alike.
	limits: { submitRps: 5, concurrency: 5 },
	typicalSeconds: 2,
	fields: { imageUrl: { required: true, media: image }, ...extra },
	endpoint,
});

/** 400–7000 px per side; no file size is stated (0 = not checked). */
const WIDE_IMAGE: MediaLimits = { formats: AVATAR_IMAGE_FORMATS, maxMb: 0, minPx: 400, maxPx: 7000 };

/** AnimateAnyone's image limits, stated for the generation (§6.3); its detect page states none, and the image must fit both. */
export const AA_IMAGE: MediaLimits = { formats: ['jpg', 'jpeg', 'png', 'bmp'], maxMb: 5, maxPx: 4096, maxAspect: 2 };

/** LivePortrait detect and generation: under 10 MB, aspect ratio at most 2, longest side at most 4096 px. */
export const LIVEPORTRAIT_IMAGE: MediaLimits = { formats: AVATAR_IMAGE_FORMATS, maxMb: 10, maxPx: 4096, maxAspect: 2 };

export const EMOJI_IMAGE: MediaLimits = { ...WIDE_IMAGE, maxMb: 10 };

export const S2V_IMAGE = WIDE_IMAGE;
export const EMO_IMAGE = WIDE_IMAGE;

export const DETECT_MODELS: readonly ModelSpec[] = [
	checkModel('wan2.2-s2v-detect', 'Talking Portrait Check (wan2.2-s2v-detect)', 'Checks a photo for wan2.2-s2v: pass flag and whether a person was found', WIDE_IMAGE),
	checkModel('emo-detect-v1', 'EMO Check (emo-detect-v1)', 'Checks a portrait for emo-v1: pass flag, face box and motion region for the chosen ratio', EMO_IMAGE, {
		// Documented as required with a default of 1:1.
		ratio: { required: true, values: ['1:1', '3:4'], default: '1:1' },
	}),
	checkModel('liveportrait-detect', 'LivePortrait Check (liveportrait-detect)', 'Checks a portrait for liveportrait: pass flag and reason', LIVEPORTRAIT_IMAGE),
	checkModel('emoji-detect-v1', 'Emoji Check (emoji-detect-v1)', 'Checks a portrait for emoji-v1: face box and expression region, or why it fails', EMOJI_IMAGE, {
		ratio: { required: true, values: ['1:1'], default: '1:1' },
	}),
	checkModel(
		'animate-anyone-detect-gen2',
		'AnimateAnyone Check (animate-anyone-detect-gen2)',
		'Checks a person photo for animate-anyone-gen2: pass flag, full or half body, reason',
		AA_IMAGE,
		{},
		AA_DETECT_ENDPOINT,
	),
];

export const detect: FamilySpec = {
	resource: 'avatar',
	operation: 'detect',
	displayName: 'Detect',
	action: 'Check a photo for an avatar model',
	description: 'Check whether a photo suits an avatar model before paying for a video (pass flag, face boxes, body style)',
	endpoint: FACE_DETECT_ENDPOINT,
	output: { kind: 'image', mimeType: 'application/json', extension: 'json' },
	fields,
	models: DETECT_MODELS,
	// Never read: a detect answer is the output itself (sync, no task, no file).
	result: 'output.video_url',
	sync: true,
};

// ---------- answers ----------

const box = z.array(z.number()).length(4);
const text = z.string().optional();
const envelope = <T extends z.ZodRawShape>(output: T) =>
	z.object({ output: z.object(output), usage: z.object({ image_count: z.number().optional() }).optional(), request_id: text });

/** What one detect answer says, in one shape for every model. */
export interface DetectVerdict {
	pass: boolean;
	/** Why it did not pass, in the service's words where it gives any. */
	reason?: string;
	code?: string;
	/** The answer's `output` as the service sent it (its own field names). */
	output: IDataObject;
	imageCount?: number;
	requestId?: string;
}

interface AnswerShape {
	schema: { safeParse(value: unknown): { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } };
	/** Pass flag and reason from an answer that fits the schema; a problem when it contradicts itself. */
	verdict(output: IDataObject): { pass: boolean; reason?: string; code?: string } | { problem: string };
}

const nonEmpty = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** `check_pass` (s2v, EMO, AnimateAnyone) vs `pass` (LivePortrait) vs no flag at all (Emoji). */
const ANSWERS: Readonly<Record<string, AnswerShape>> = {
	'wan2.2-s2v-detect': {
		schema: envelope({ check_pass: z.boolean(), humanoid: z.boolean().optional(), code: text, message: text }),
		verdict: (o) => ({
			pass: o.check_pass === true,
			code: nonEmpty(o.code),
			// The failing example carries empty code and message.
			reason: nonEmpty(o.message) ?? (o.humanoid === false ? 'no person was found in the image' : undefined),
		}),
	},
	'emo-detect-v1': {
		schema: envelope({ check_pass: z.boolean(), face_bbox: box.optional(), ext_bbox: box.optional(), code: text, message: text }),
		verdict: (o) => {
			if (o.check_pass === true && (!o.face_bbox || !o.ext_bbox)) return { problem: 'output.face_bbox / output.ext_bbox: missing although check_pass is true' };
			return { pass: o.check_pass === true, code: nonEmpty(o.code), reason: nonEmpty(o.message) };
		},
	},
	'liveportrait-detect': {
		schema: envelope({ pass: z.boolean(), message: text }),
		verdict: (o) => ({ pass: o.pass === true, reason: nonEmpty(o.message) }),
	},
	'emoji-detect-v1': {
		schema: envelope({ bbox_face: box.optional(), ext_bbox_face: box.optional(), check_pass: z.boolean().optional(), code: text, message: text }),
		verdict: (o) => {
			// No pass flag is documented: boxes present and no code is a pass (api-avatar.md §9.1 [INF]).
			const boxes = Boolean(o.bbox_face && o.ext_bbox_face);
			const code = nonEmpty(o.code);
			if (!boxes && !code && o.check_pass !== false) return { problem: 'output: neither face boxes (bbox_face, ext_bbox_face) nor a failure code' };
			return { pass: boxes && !code && o.check_pass !== false, code, reason: nonEmpty(o.message) };
		},
	},
	'animate-anyone-detect-gen2': {
		schema: envelope({ check_pass: z.boolean(), bodystyle: text, reason: text, code: text, message: text }),
		verdict: (o) => ({ pass: o.check_pass === true, code: nonEmpty(o.code), reason: nonEmpty(o.reason) ?? nonEmpty(o.message) }),
	},
};

/** Reads a detect answer of `model`: its verdict, or what about the answer was not as documented. */
export function parseDetectAnswer(model: string, body: IDataObject): DetectVerdict | { problem: string } {
	const shape = ANSWERS[model];
	if (!shape) return { problem: `no answer shape is known for ${model}` };
	const checked = shape.schema.safeParse(body);
	if (!checked.success) return { problem: describeIssues(checked.error?.issues ?? []) };
	const output = body.output as IDataObject;
	const verdict = shape.verdict(output);
	if ('problem' in verdict) return verdict;
	const usage = body.usage as IDataObject | undefined;
	return {
		...verdict,
		output,
		imageCount: typeof usage?.image_count === 'number' ? usage.image_count : undefined,
		requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
	};
}

export function findDetectModel(id: string): ModelSpec | undefined {
	return DETECT_MODELS.find((model) => model.id === id);
}
