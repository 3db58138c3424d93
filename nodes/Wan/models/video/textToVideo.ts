import {
	videoSizeField,
	durationField,
	DRIVING_AUDIO_LIMITS,
	NEGATIVE_PROMPT_RULE,
	PROMPT_EXTEND_RULE,
	SEED_RULE,
	SHOT_TYPE_RULE,
	WATERMARK_RULE,
	drivingAudioField,
	negativePromptField,
	promptExtendField,
	promptField,
	ratioField,
	resolutionField,
	seedField,
	shotTypeField,
	videoSizes,
	watermarkField,
	WAN27_RATIO_RULE,
	WAN27_RESOLUTION_RULE,
	MP4_OUTPUT,
} from '../shared/fields';
import type { FamilySpec, FieldRule, ModelSpec } from '../types';

/** Family A, api-video.md §3. */

const common = {
	negativePrompt: NEGATIVE_PROMPT_RULE,
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

const wan26Audio: FieldRule = { media: DRIVING_AUDIO_LIMITS };

/**
 * wan2.7-t2v (api-gaps.md §5 [Q13]): a `resolution` tier plus a `ratio` instead of `size` (defaults assumed
 * in fields.ts), and 5 s assumed as the default duration (the wan2.6-t2v default).
 */

/**
 * wan2.7-t2v and its dated snapshots (api-gaps.md §5 lists `-2026-04-25` and `-2026-06-12`): same fields.
 * Rate 5/5 in Beijing and Singapore (api-platform.md §4.2 lists the -04-25 snapshot; -06-12 assumed alike).
 */
const wan27 = (id: string, label: string): ModelSpec => ({
	id,
	label,
	description: 'Sound, 720P or 1080P in 16:9, 9:16, 1:1, 4:3 or 3:4, 2–15 s',
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 5, concurrency: 5 },
	// Not documented for wan2.7; assumed like wan2.6-t2v.
	typicalSeconds: 240,
	// The fields [Q13] documents: no size, shot type or seed. The negative-prompt length and audio limits are not
	// stated for wan2.7 and assumed as wan2.6.
	fields: {
		prompt: { required: true, maxLength: 5000 },
		resolution: WAN27_RESOLUTION_RULE,
		ratio: WAN27_RATIO_RULE,
		duration: { min: 2, max: 15, default: 5 },
		negativePrompt: NEGATIVE_PROMPT_RULE,
		audioUrl: wan26Audio,
		// prompt_extend and watermark: on the wan2.7 text-to-video page api-gaps.md §5 [Q13] cites (issue 21 item 4).
		promptExtend: PROMPT_EXTEND_RULE,
		watermark: WATERMARK_RULE,
	},
});

export const textToVideo: FamilySpec = {
	resource: 'video',
	operation: 'textToVideo',
	displayName: 'Text to Video',
	action: 'Generate a video from text',
	description: 'Generate a video from a text prompt (wan2.5 and later add sound)',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		promptField('What the video shows. Chinese or English.'),
		videoSizeField,
		// wan2.7: the tier and aspect ratio replace the W*H size (the ratio is chosen, not taken from an image).
		{ ...resolutionField, description: 'Output resolution tier; the aspect ratio is chosen separately' },
		ratioField,
		durationField,
		negativePromptField,
		drivingAudioField,
		promptExtendField,
		shotTypeField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
		wan27('wan2.7-t2v', 'Wan 2.7 (Sound, Aspect Ratio)'),
		wan27('wan2.7-t2v-2026-04-25', 'Wan 2.7 Snapshot 2026-04-25'),
		wan27('wan2.7-t2v-2026-06-12', 'Wan 2.7 Snapshot 2026-06-12'),
		{
			id: 'wan2.6-t2v',
			label: 'Wan 2.6 (Sound, Multi-Shot)',
			description: 'Sound always on, 720P or 1080P, 2–15 s',
			regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 240,
			fields: {
				prompt: { required: true, maxLength: 1500 },
				size: { values: videoSizes('720P', '1080P'), default: '1920*1080' },
				duration: { min: 2, max: 15, default: 5 },
				audioUrl: wan26Audio,
				shotType: SHOT_TYPE_RULE,
				...common,
			},
		},
		{
			id: 'wan2.6-t2v-us',
			label: 'Wan 2.6 US (Inference in the USA Only)',
			description: 'US (Virginia) only, 720P or 1080P, 5 or 10 s',
			regions: ['us-east-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 240,
			// The reference states only size and duration for the -us variant; audio and shot type are
			// assumed to match wan2.6-t2v because it is the same model served from US-only compute.
			fields: {
				prompt: { required: true, maxLength: 1500 },
				size: { values: videoSizes('720P', '1080P'), default: '1920*1080' },
				duration: { values: [5, 10], default: 5 },
				audioUrl: wan26Audio,
				shotType: SHOT_TYPE_RULE,
				...common,
			},
		},
		{
			id: 'wan2.5-t2v-preview',
			label: 'Wan 2.5 Preview (Sound)',
			description: 'Sound always on, 480P to 1080P, 5 or 10 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 240,
			fields: {
				prompt: { required: true, maxLength: 1500 },
				size: { values: videoSizes('480P', '720P', '1080P'), default: '1920*1080' },
				duration: { values: [5, 10], default: 5 },
				audioUrl: wan26Audio,
				...common,
			},
		},
		{
			id: 'wan2.2-t2v-plus',
			label: 'Wan 2.2 Plus (Silent)',
			description: 'Silent, 480P or 1080P, 5 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 300,
			fields: {
				prompt: { required: true, maxLength: 800 },
				size: { values: videoSizes('480P', '1080P'), default: '1920*1080' },
				...common,
			},
		},
		{
			id: 'wanx2.1-t2v-turbo',
			label: 'Wan 2.1 Turbo (Silent)',
			description: 'Silent, 480P or 720P, 5 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-t2v-turbo' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 180,
			fields: {
				prompt: { required: true, maxLength: 800 },
				size: { values: videoSizes('480P', '720P'), default: '1280*720' },
				...common,
			},
		},
		{
			id: 'wanx2.1-t2v-plus',
			label: 'Wan 2.1 Plus (Silent)',
			description: 'Silent, 720P, 5 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-t2v-plus' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 300,
			fields: {
				prompt: { required: true, maxLength: 800 },
				size: { values: videoSizes('720P'), default: '1280*720' },
				...common,
			},
		},
	],
	result: 'output.video_url',
};
