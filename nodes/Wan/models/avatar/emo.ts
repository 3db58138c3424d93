import { avatarImageField, voiceAudioField, voiceLimits } from './chain';
import { EMO_IMAGE } from './detect';
import type { FamilySpec } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * EMO (api-avatar.md §7): portrait + voice → singing or talking head. emo-detect-v1 runs first with the
 * chosen ratio; its `face_bbox` and `ext_bbox` are mandatory inputs of emo-v1, which crops the original
 * photo with them (1:1 → 512×512 head video, 3:4 → 512×704 half body).
 */
export const emo: FamilySpec = {
	resource: 'avatar',
	operation: 'emo',
	displayName: 'EMO Portrait',
	action: 'Make a portrait sing or talk with EMO',
	description: 'Turn a portrait and a voice recording into a lip-synced head or half-body video (face found by emo-detect-v1 first)',
	endpoint: '/services/aigc/image2video/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		avatarImageField(
			'The original, uncropped portrait of one person. JPG, PNG, BMP or WEBP, shortest side at least 400 px, longest at most 7000 px. emo-detect-v1 finds the face first.',
		),
		voiceAudioField('Clear voice with little noise or music: WAV or MP3, up to 15 MB and 60 s'),
		{
			// Sent to emo-detect-v1 (its parameters.ratio), which returns the motion region of that shape for emo-v1.
			name: 'ratio',
			label: 'Aspect Ratio',
			description: 'Shape of the video: a head shot or half body. The check picks the region of the photo to animate in this shape.',
			type: 'options',
			labels: { '1:1': '1:1 Head Shot (512×512)', '3:4': '3:4 Half Body (512×704)' },
			path: 'parameters.ratio',
			placement: 'main',
		},
		{
			name: 'styleLevel',
			label: 'Style Level',
			description: 'How much the head and face move',
			type: 'options',
			labels: { normal: 'Normal', calm: 'Calm', active: 'Active' },
			path: 'parameters.style_level',
			placement: 'main',
		},
	],
	models: [
		{
			id: 'emo-v1',
			label: 'EMO',
			description: 'Portrait + voice → lip-synced head (1:1) or half-body (3:4) video, up to 60 s',
			regions: ['cn-beijing'],
			limits: { submitRps: 5, concurrency: 1 },
			// Example: 13.93 s of video in about 133 s.
			typicalSeconds: 130,
			secondsPerOutputSecond: 10,
			fields: {
				imageUrl: { required: true, media: EMO_IMAGE },
				audioUrl: { required: true, media: voiceLimits(15, 60) },
				ratio: { required: true, values: ['1:1', '3:4'], default: '1:1' },
				styleLevel: { values: ['normal', 'calm', 'active'], default: 'normal' },
			},
		},
	],
	// Nested like the animate models (api-avatar.md §0.2).
	result: 'output.results.video_url',
	chain: {
		detect: {
			model: 'emo-detect-v1',
			uses: ['input.image_url'],
			takes: ['parameters.ratio'],
			carry: { face_bbox: 'input.face_bbox', ext_bbox: 'input.ext_bbox' },
		},
	},
};
