import type { FamilySpec } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * Video Style Transform, api-avatar.md §11: `video-style-transform` on the video-generation path (Beijing
 * only), one input video restyled into one of 8 preset styles. Not Wan-branded, sold next to it. The
 * result is in `output.output_video_url` (not `video_url`); usage is `duration` and `SR` (= min_len).
 * Rate 2 submissions/s, 1 running task.
 */

const STYLE_LABELS: Record<string, string> = {
	'0': 'Japanese Manga',
	'1': 'American Comics',
	'2': 'Fresh Comic',
	'3': '3D Cartoon',
	'4': 'Chinese-Style Cartoon',
	'5': 'Paper Craft',
	'6': 'Simple Illustration',
	'7': 'Chinese Ink Wash',
};

export const styleTransform: FamilySpec = {
	resource: 'video',
	operation: 'styleTransform',
	displayName: 'Video Style Transform',
	action: 'Restyle a video',
	description: 'Restyle a whole video into a preset art style (manga, comics, 3D cartoon, ink wash …)',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		{
			name: 'videoUrl',
			label: 'Video URL',
			description:
				'The video to restyle: MP4, AVI, MKV, MOV, FLV, TS, MPG or MXF, up to 30 s and 100 MB, each side 256–4096 px, long side at most 1.8 × the short side',
			type: 'media',
			media: 'video',
			path: 'input.video_url',
			placement: 'main',
		},
		{
			name: 'style',
			label: 'Style',
			description: 'The art style. Chinese-Style Cartoon works best with period costume.',
			type: 'integer',
			labels: STYLE_LABELS,
			path: 'parameters.style',
			placement: 'main',
		},
		{
			name: 'minLen',
			label: 'Output Short Side',
			description: 'Short side of the output in pixels; sets the price tier',
			type: 'integer',
			labels: { '720': '720 px', '540': '540 px' },
			path: 'parameters.min_len',
			placement: 'main',
		},
		{
			name: 'videoFps',
			label: 'Video FPS',
			description: 'Frames per second of the output',
			type: 'integer',
			path: 'parameters.video_fps',
			placement: 'additional',
		},
		{
			name: 'animateEmotion',
			label: 'Animate Emotion',
			description: 'Whether to optimise facial expressions (better lip and expression sync); off may help when faces are small',
			type: 'boolean',
			path: 'parameters.animate_emotion',
			placement: 'additional',
		},
		{
			name: 'useSR',
			label: 'Super Resolution',
			description: 'Whether to upscale for free (slower); with a 540 px short side the output becomes 1080P, billed as 540P',
			type: 'boolean',
			path: 'parameters.use_SR',
			placement: 'additional',
		},
	],
	models: [
		{
			id: 'video-style-transform',
			label: 'Video Style Transform',
			description: 'China (Beijing) only; 8 styles, 720 or 540 px short side',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			// The documented example: a 3 s video in 26 s.
			typicalSeconds: 60,
			fields: {
				videoUrl: {
					required: true,
					media: {
						formats: ['mp4', 'avi', 'mkv', 'mov', 'flv', 'ts', 'mpg', 'mxf'],
						maxMb: 100,
						minPx: 256,
						maxPx: 4096,
						maxAspect: 1.8,
						maxSeconds: 30,
					},
				},
				style: { values: [0, 1, 2, 3, 4, 5, 6, 7], default: 0 },
				minLen: { values: [720, 540], default: 720 },
				videoFps: { min: 15, max: 25, default: 15 },
				animateEmotion: { default: true },
				useSR: { default: false },
			},
		},
	],
	result: 'output.output_video_url',
};
