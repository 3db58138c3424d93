import {
	audioSwitchField,
	durationField,
	NEGATIVE_PROMPT_RULE,
	negativePromptField,
	promptField,
	SEED_RULE,
	seedField,
	SHOT_TYPE_RULE,
	shotTypeField,
	videoSizeField,
	videoSizes,
	ratioField,
	resolutionField,
	WAN27_RATIO_RULE,
	WAN27_RESOLUTION_RULE,
	WATERMARK_RULE,
	watermarkField,
	MP4_OUTPUT,
} from '../shared/fields';
import { WAN27_ASSUMED, wan27Item, wan27Items, wan27Model, wan27Prompt } from '../shared/wan27';
import type { FamilySpec, FieldDef, FieldRule, ModelSpec } from '../types';

/**
 * Family E, api-video.md §7: reference images and videos (one subject each) are re-used as
 * character1, character2 … in a new scene; with sound and multi-shot. prompt_extend is not
 * documented for this family, so it is not offered.
 */

const references: FieldRule = {
	required: true,
	minItems: 1,
	maxItems: 5,
	maxPerKind: { image: 5, video: 3 },
	mediaByKind: {
		image: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 240, maxPx: 5000 },
		video: { formats: ['mp4', 'mov'], maxMb: 100, minSeconds: 1, maxSeconds: 30 },
	},
};

const common = {
	prompt: { required: true, maxLength: 1500 },
	referenceUrls: references,
	size: { values: videoSizes('720P', '1080P'), default: '1920*1080' },
	duration: { min: 2, max: 10, default: 5 },
	negativePrompt: NEGATIVE_PROMPT_RULE,
	shotType: SHOT_TYPE_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

/**
 * wan2.7-r2v (api-gaps.md §5; the SDK's samples/test_video_synthesis.py): `input.media[]` of `reference_image` and
 * `reference_video` items (1–5 in all) and an optional `first_frame` item; `resolution`, `ratio`, `duration` 2–10.
 * A reference's voice is `reference_voice` INSIDE that reference's item (issue 21 item 2), not an item of its own.
 */
const voices = (name: string, label: string, to: string, what: string): FieldDef => ({
	name,
	label,
	description: `Optional: voices (WAV or MP3) for the ${what}, in their order: the first voice speaks for the first ${what.replace(/s$/, '')}, and so on; leave an entry empty for a ${what.replace(/s$/, '')} without a voice.`,
	type: 'mediaList',
	media: ['audio'],
	path: 'input.media[]',
	attach: { to, key: 'reference_voice' },
	placement: 'additional',
});

const wan27Voices: FieldRule = { mediaByKind: { audio: WAN27_ASSUMED.audio } };

const wan27R2vFields: ModelSpec['fields'] = {
	prompt: wan27Prompt(true),
	referenceImageUrls: { maxItems: 5, mediaByKind: { image: WAN27_ASSUMED.referenceImage } },
	referenceVideoUrls: { maxItems: 5, mediaByKind: { video: WAN27_ASSUMED.video } },
	referenceImageVoiceUrls: wan27Voices,
	referenceVideoVoiceUrls: wan27Voices,
	firstFrameUrl: { media: WAN27_ASSUMED.frame },
	resolution: WAN27_RESOLUTION_RULE,
	ratio: WAN27_RATIO_RULE,
	duration: { min: 2, max: 10, default: 5 },
};

const wan27R2vRules: ModelSpec['rules'] = [
	// At most 5 references in all (images and videos); at least one.
	{ kind: 'totalItems', fields: ['referenceImageUrls', 'referenceVideoUrls'], min: 1, max: 5 },
	// Voices line up with their references before anything is sent: one at most per reference.
	{ kind: 'sameLength', fields: ['referenceImageUrls', 'referenceImageVoiceUrls'], atMost: true },
	{ kind: 'sameLength', fields: ['referenceVideoUrls', 'referenceVideoVoiceUrls'], atMost: true },
];

export const referenceToVideo: FamilySpec = {
	resource: 'video',
	operation: 'referenceToVideo',
	displayName: 'Reference to Video',
	action: 'Generate a video from reference images and videos',
	description: 'Cast people or objects from reference images and videos (character1, character2 …) in a new scene; wan2.7 adds voices and a first frame',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		promptField('The scene. Refer to the references as character1, character2 … in their order.'),
		{
			name: 'referenceUrls',
			label: 'Reference URLs',
			description:
				'1 to 5 references, each one subject: images (JPG, PNG, BMP, WEBP, 240–5000 px, 10 MB) or videos (MP4, MOV, 1–30 s, 100 MB; at most 3). The first is character1, and so on. Reference videos are billed as input seconds.',
			type: 'mediaList',
			media: ['image', 'video'],
			path: 'input.reference_urls',
			placement: 'main',
		},
		wan27Items('referenceImageUrls', 'Reference Image URLs', 'image', 'reference_image', 'Reference images, one subject each; up to 5 references in all'),
		wan27Items('referenceVideoUrls', 'Reference Video URLs', 'video', 'reference_video', 'Reference videos, one subject each; up to 5 references in all'),
		// After the references: each voice goes into the item of its reference.
		voices('referenceImageVoiceUrls', 'Reference Image Voice URLs', 'referenceImageUrls', 'reference images'),
		voices('referenceVideoVoiceUrls', 'Reference Video Voice URLs', 'referenceVideoUrls', 'reference videos'),
		{ ...wan27Item('firstFrameUrl', 'First Frame Image URL', 'image', 'first_frame', "Optional: the video's first frame"), placement: 'additional' },
		videoSizeField,
		{ ...resolutionField, description: 'Output resolution tier; the aspect ratio is chosen separately' },
		ratioField,
		durationField,
		negativePromptField,
		// This family has neither Prompt Extend nor an Audio URL: its hints name neither (issue 21 item 5).
		{ ...audioSwitchField, description: 'Whether the video has sound. Off makes a silent video, billed at the silent price.' },
		{ ...shotTypeField, description: 'Single continuous shot or several shots' },
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
		wan27Model('wan2.7-r2v', 'Wan 2.7 (Sound, Voices, First Frame)', '1–5 reference images and videos, each with an optional voice; 720P or 1080P, 2–10 s', wan27R2vFields, wan27R2vRules),
		wan27Model('wan2.7-r2v-2026-06-12', 'Wan 2.7 Snapshot 2026-06-12', 'The dated snapshot of wan2.7-r2v', wan27R2vFields, wan27R2vRules),
		{
			id: 'wan2.6-r2v-flash',
			label: 'Wan 2.6 Flash (Sound On or Off)',
			description: 'Faster and cheaper; sound or silent, 720P or 1080P, 2–10 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 240,
			fields: { ...common, audio: { default: true } },
		},
		{
			id: 'wan2.6-r2v',
			label: 'Wan 2.6 (Sound)',
			description: 'Sound always on, 720P or 1080P, 2–10 s',
			regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 240,
			fields: common,
		},
	],
	result: 'output.video_url',
};
