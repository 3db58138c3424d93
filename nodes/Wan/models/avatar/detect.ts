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

export function findDetectModel(id: string): ModelSpec | undefined {
	return DETECT_MODELS.find((model) => model.id === id);
}
