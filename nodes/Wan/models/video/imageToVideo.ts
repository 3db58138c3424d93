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
	WAN27_RESOLUTION_RULE,
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
import type { FamilySpec, FieldRule, ModelSpec } from '../types';
import { WAN27_ASSUMED, wan27Item, wan27Model, wan27Prompt, wan27Protocol } from '../shared/wan27';

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

/**
 * wan2.7-i2v (api-gaps.md §5 [Q14]): first frame, first + last frame, with a driving audio, or the continuation of
 * a clip, all as typed items of `input.media[]`. The family's First Frame Image URL and Audio URL go there as the
 * `first_frame` and `driving_audio` items (its protocol), next to its own Last Frame Image URL and First Clip URL.
 */
const WAN27_I2V = wan27Protocol({ imageUrl: 'first_frame', audioUrl: 'driving_audio' });

const wan27I2vRules: ModelSpec['rules'] = [
	{
		kind: 'combination',
		fields: ['imageUrl', 'lastFrameUrl', 'audioUrl', 'firstClipUrl'],
		// [Q14]: ff; ff+audio; ff+lf; ff+lf+audio; clip; clip+lf.
		allowed: [
			['imageUrl'],
			['imageUrl', 'audioUrl'],
			['imageUrl', 'lastFrameUrl'],
			['imageUrl', 'lastFrameUrl', 'audioUrl'],
			['firstClipUrl'],
			['firstClipUrl', 'lastFrameUrl'],
		],
	},
];

const wan27I2vFields: ModelSpec['fields'] = {
	prompt: wan27Prompt(false),
	imageUrl: { media: WAN27_ASSUMED.frame },
	lastFrameUrl: { media: WAN27_ASSUMED.frame },
	firstClipUrl: { media: WAN27_ASSUMED.video },
	audioUrl: { media: WAN27_ASSUMED.audio },
	resolution: WAN27_RESOLUTION_RULE,
	duration: { min: 2, max: 15, default: 5 },
	// prompt_extend and watermark: on the wan2.7 image-to-video page api-gaps.md §5 [Q14] cites (issue 21 item 4).
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
};

const wan27I2v = (id: string, label: string, description: string) => wan27Model(id, label, description, wan27I2vFields, wan27I2vRules, WAN27_I2V);
const wan26Prompt: FieldRule = { maxLength: 1500 };
const olderPrompt: FieldRule = { maxLength: 800 };

export const imageToVideo: FamilySpec = {
	resource: 'video',
	operation: 'imageToVideo',
	displayName: 'Image to Video',
	action: 'Generate a video from an image',
	description: 'Animate a first-frame image (wan2.7: up to a last frame, or continue a clip) into a video, guided by a prompt or an effect template',
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
		wan27Item('lastFrameUrl', 'Last Frame Image URL', 'image', 'last_frame', "The video's last frame"),
		wan27Item('firstClipUrl', 'First Clip URL', 'video', 'first_clip', 'A clip to continue (MP4 or MOV), instead of a first frame'),
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
		wan27I2v('wan2.7-i2v', 'Wan 2.7 (Sound, Last Frame, Clip Continuation)', 'First frame, first + last frame, with audio, or a clip to continue; 720P or 1080P, 2–15 s'),
		wan27I2v('wan2.7-i2v-2026-04-25', 'Wan 2.7 Snapshot 2026-04-25', 'The dated snapshot of wan2.7-i2v'),
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
