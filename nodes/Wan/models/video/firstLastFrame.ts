import {
	NEGATIVE_PROMPT_RULE,
	NO_TEMPLATE,
	PROMPT_EXTEND_RULE,
	SEED_RULE,
	VIDEO_FRAME_LIMITS,
	WATERMARK_RULE,
	negativePromptField,
	promptExtendField,
	promptField,
	resolutionField,
	seedField,
	templateField,
	watermarkField,
	MP4_OUTPUT,
} from '../shared/fields';
import type { FamilySpec, FieldRule } from '../types';

/**
 * Family C, api-video.md §5 (kf2v): a smooth 5-second transition from a first frame to an optional last
 * frame, guided by a prompt. Also hosts the kf2v effect templates of §6 (wanx2.1-kf2v-plus only).
 * Note the endpoint: image2video, not video-generation. Rate limits: api-platform.md §4.2.
 */

/**
 * kf2v effect templates (api-video.md §6). The parameter text of §5 spells the first one `hufu-1`, the
 * template list and overview `hanfu-1` (唐韵翩然, open question 9): `hanfu-1` is used.
 */
const TEMPLATE_LABELS: Record<string, string> = {
	'hanfu-1': 'Tang Dynasty Grace (hanfu-1)',
	solaron: 'Mecha Transformation (solaron)',
	magazine: 'Cover Star (magazine)',
	mech1: 'Mechanical Awakening (mech1)',
	mech2: 'Cyber Entrance (mech2)',
};

const frame: FieldRule = { media: VIDEO_FRAME_LIMITS };

const common = {
	firstFrameUrl: { ...frame, required: true },
	lastFrameUrl: frame,
	prompt: { maxLength: 800 },
	negativePrompt: NEGATIVE_PROMPT_RULE,
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

const frameLimits = 'JPEG, PNG (without transparency), BMP or WEBP, 360–2000 px per side, up to 10 MB.';

export const firstLastFrameToVideo: FamilySpec = {
	resource: 'video',
	operation: 'firstLastFrameToVideo',
	displayName: 'First and Last Frame to Video',
	action: 'Generate a video between two frames',
	description: 'Generate a silent 5-second transition from a first frame to a last frame, guided by a prompt or an effect template',
	endpoint: '/services/aigc/image2video/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		{
			name: 'firstFrameUrl',
			label: 'First Frame Image URL',
			description: `The video's first frame; the video keeps its aspect ratio. ${frameLimits}`,
			type: 'media',
			media: 'image',
			path: 'input.first_frame_url',
			placement: 'main',
		},
		{
			name: 'lastFrameUrl',
			label: 'Last Frame Image URL',
			description: `Optional: the video's last frame (its size may differ from the first). Not used with an effect template. ${frameLimits}`,
			type: 'media',
			media: 'image',
			path: 'input.last_frame_url',
			placement: 'main',
		},
		promptField(
			'What happens between the frames. Chinese or English. When the frames differ a lot, describe the transition (camera move, motion).',
		),
		templateField(TEMPLATE_LABELS),
		resolutionField,
		negativePromptField,
		promptExtendField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
		{
			id: 'wan2.2-kf2v-flash',
			label: 'Wan 2.2 Flash',
			description: 'Fast and stable, silent, 480P to 1080P, 5 s',
			// Region: the rate-limit table lists this model for Beijing only (api-platform.md §4.2), although
			// the family as a whole is also offered in Singapore.
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 180,
			fields: {
				resolution: { values: ['480P', '720P', '1080P'], default: '720P' },
				...common,
			},
		},
		{
			id: 'wanx2.1-kf2v-plus',
			label: 'Wan 2.1 Plus (Effects)',
			description: 'Complex motion and physics, silent, 720P, 5 s; effect templates',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-kf2v-plus' },
			// Beijing allows 2 submissions/s, Singapore 1: one table entry serves both, so the lower one.
			limits: { submitRps: 1, concurrency: 2 },
			typicalSeconds: 300,
			fields: {
				template: { values: [NO_TEMPLATE, ...Object.keys(TEMPLATE_LABELS)], default: NO_TEMPLATE },
				resolution: { values: ['720P'], default: '720P' },
				...common,
			},
		},
	],
	result: 'output.video_url',
};
