import {
	durationField,
	audioSwitchField,
	DRIVING_AUDIO_LIMITS,
	NEGATIVE_PROMPT_RULE,
	NO_TEMPLATE,
	PROMPT_EXTEND_RULE,
	SEED_RULE,
	SHOT_TYPE_RULE,
	VIDEO_FRAME_LIMITS,
	WATERMARK_RULE,
	drivingAudioField,
	negativePromptField,
	promptExtendField,
	promptField,
	resolutionField,
	seedField,
	shotTypeField,
	templateField,
	watermarkField,
	MP4_OUTPUT,
} from '../shared/fields';
import type { FamilySpec, FieldRule } from '../types';

/**
 * Family B, api-video.md §4: a first-frame image (plus an optional prompt) becomes a video. Also hosts
 * the first-frame effect templates of §6 (wanx2.1 models only). Rate limits: api-platform.md §4.2.
 */

/** First-frame effect templates (api-video.md §6): value → label (English rendering of the Chinese name). */
const TEMPLATE_LABELS: Record<string, string> = {
	squish: 'Squish (squish)',
	rotation: 'Spin Around (rotation)',
	poke: 'Poke (poke)',
	inflate: 'Balloon Inflate (inflate)',
	dissolve: 'Molecular Dissolve (dissolve)',
	melt: 'Heat Wave Melt (melt)',
	icecream: 'Ice Cream Planet (icecream)',
	carousel: 'Time Carousel (carousel)',
	singleheart: 'Love You (singleheart)',
	dance1: 'Swing Time (dance1)',
	dance2: 'Hair Flip Dance (dance2)',
	dance3: 'Star Shake (dance3)',
	dance4: 'Finger Rhythm (dance4)',
	dance5: 'Dance Switch (dance5)',
	mermaid: 'Mermaid Awakening (mermaid)',
	graduation: 'Academic Crowning (graduation)',
	dragon: 'Giant Beast Chase (dragon)',
	money: 'Money Rain (money)',
	jellyfish: 'Jellyfish Date (jellyfish)',
	pupil: 'Through the Pupil (pupil)',
	flying: 'Magic Levitation (flying)',
	rose: 'A Rose for You (rose)',
	crystalrose: 'Sparkling Rose (crystalrose)',
	hug: 'Loving Hug (hug)',
	frenchkiss: 'French Kiss (frenchkiss)',
	coupleheart: 'Double Heartbeat (coupleheart)',
};

/** §6: every first-frame template works on wanx2.1-i2v-plus … */
const PLUS_TEMPLATES = Object.keys(TEMPLATE_LABELS);
/** … and this subset on wanx2.1-i2v-turbo. */
const TURBO_TEMPLATES = [
	'squish',
	'rotation',
	'poke',
	'inflate',
	'dissolve',
	'carousel',
	'singleheart',
	'flying',
	'rose',
	'crystalrose',
	'hug',
	'frenchkiss',
	'coupleheart',
];

const firstFrame: FieldRule = { required: true, media: VIDEO_FRAME_LIMITS };

const common = {
	imageUrl: firstFrame,
	negativePrompt: NEGATIVE_PROMPT_RULE,
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

const audioUrl: FieldRule = { media: DRIVING_AUDIO_LIMITS };
const wan26Prompt: FieldRule = { maxLength: 1500 };
const olderPrompt: FieldRule = { maxLength: 800 };

export const imageToVideo: FamilySpec = {
	resource: 'video',
	operation: 'imageToVideo',
	displayName: 'Image to Video',
	action: 'Generate a video from an image',
	description: 'Animate a first-frame image into a video, guided by a prompt or an effect template (wan2.5 and wan2.6 add sound)',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		{
			name: 'imageUrl',
			label: 'First Frame Image URL',
			description:
				"The video's first frame; the video keeps its aspect ratio. JPEG, PNG (without transparency), BMP or WEBP, 360–2000 px per side, up to 10 MB.",
			type: 'media',
			media: 'image',
			path: 'input.img_url',
			placement: 'main',
		},
		promptField('What happens in the video. Chinese or English. Optional: without it the model decides from the image.'),
		templateField(TEMPLATE_LABELS),
		resolutionField,
		durationField,
		negativePromptField,
		drivingAudioField,
		audioSwitchField,
		promptExtendField,
		shotTypeField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
		{
			id: 'wan2.6-i2v-flash',
			label: 'Wan 2.6 Flash (Sound or Silent, Multi-Shot)',
			description: 'Fast; sound on or off, 720P or 1080P, 2–15 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 150,
			fields: {
				prompt: wan26Prompt,
				resolution: { values: ['720P', '1080P'], default: '1080P' },
				duration: { min: 2, max: 15, default: 5 },
				audioUrl,
				audio: { default: true },
				shotType: SHOT_TYPE_RULE,
				...common,
			},
		},
		{
			id: 'wan2.6-i2v',
			label: 'Wan 2.6 (Sound, Multi-Shot)',
			description: 'Sound always on, 720P or 1080P, 2–15 s',
			regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 300,
			fields: {
				prompt: wan26Prompt,
				resolution: { values: ['720P', '1080P'], default: '1080P' },
				duration: { min: 2, max: 15, default: 5 },
				audioUrl,
				shotType: SHOT_TYPE_RULE,
				...common,
			},
		},
		{
			id: 'wan2.6-i2v-us',
			label: 'Wan 2.6 US (Inference in the USA Only)',
			description: 'US (Virginia) only, 720P or 1080P, 5, 10 or 15 s',
			regions: ['us-east-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 300,
			// The reference states only resolution and duration for the -us variant; prompt length, audio
			// URL and shot type are assumed to match wan2.6-i2v (same model on US-only compute), as for t2v.
			fields: {
				prompt: wan26Prompt,
				resolution: { values: ['720P', '1080P'], default: '1080P' },
				duration: { values: [5, 10, 15], default: 5 },
				audioUrl,
				shotType: SHOT_TYPE_RULE,
				...common,
			},
		},
		{
			id: 'wan2.5-i2v-preview',
			label: 'Wan 2.5 Preview (Sound)',
			description: 'Sound always on, 480P to 1080P, 5 or 10 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 300,
			fields: {
				prompt: wan26Prompt,
				resolution: { values: ['480P', '720P', '1080P'], default: '1080P' },
				duration: { values: [5, 10], default: 5 },
				audioUrl,
				...common,
			},
		},
		{
			id: 'wan2.2-i2v-flash',
			label: 'Wan 2.2 Flash (Silent)',
			description: 'Fast, silent, 480P to 1080P, 5 s',
			// Region: the rate-limit table lists this model for Beijing only (api-platform.md §4.2).
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 150,
			fields: {
				prompt: olderPrompt,
				resolution: { values: ['480P', '720P', '1080P'], default: '720P' },
				...common,
			},
		},
		{
			id: 'wan2.2-i2v-plus',
			label: 'Wan 2.2 Plus (Silent)',
			description: 'Silent, 480P or 1080P, 5 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 300,
			fields: {
				prompt: olderPrompt,
				resolution: { values: ['480P', '1080P'], default: '1080P' },
				...common,
			},
		},
		{
			id: 'wanx2.1-i2v-plus',
			label: 'Wan 2.1 Plus (Silent, Effects)',
			description: 'Silent, 720P, 5 s; all effect templates',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-i2v-plus' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 300,
			fields: {
				prompt: olderPrompt,
				template: { values: [NO_TEMPLATE, ...PLUS_TEMPLATES], default: NO_TEMPLATE },
				resolution: { values: ['720P'], default: '720P' },
				...common,
			},
		},
		{
			id: 'wanx2.1-i2v-turbo',
			label: 'Wan 2.1 Turbo (Silent, Effects)',
			description: 'Silent, 480P or 720P, 3–5 s; a subset of the effect templates',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-i2v-turbo' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 180,
			fields: {
				prompt: olderPrompt,
				template: { values: [NO_TEMPLATE, ...TURBO_TEMPLATES], default: NO_TEMPLATE },
				resolution: { values: ['480P', '720P'], default: '720P' },
				duration: { values: [3, 4, 5], default: 5 },
				...common,
			},
		},
	],
	result: 'output.video_url',
};
