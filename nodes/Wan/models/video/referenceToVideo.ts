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
	WATERMARK_RULE,
	watermarkField,
	MP4_OUTPUT,
} from '../shared/fields';
import type { FamilySpec, FieldRule } from '../types';

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

export const referenceToVideo: FamilySpec = {
	resource: 'video',
	operation: 'referenceToVideo',
	displayName: 'Reference to Video',
	action: 'Generate a video from reference images and videos',
	description: 'Cast people or objects from reference images and videos (character1, character2 …) in a new scene',
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
		videoSizeField,
		durationField,
		negativePromptField,
		audioSwitchField,
		shotTypeField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
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
