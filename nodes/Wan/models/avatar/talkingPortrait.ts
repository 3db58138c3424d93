import { avatarImageField, voiceAudioField, voiceLimits } from './chain';
import { S2V_IMAGE } from './detect';
import { MP4_OUTPUT, resolutionField } from '../shared/fields';
import type { FamilySpec } from '../types';

/**
 * Talking Portrait (api-avatar.md §3): wan2.2-s2v turns one photo and a voice recording into a talking,
 * singing or performing video. wan2.2-s2v-detect checks the photo first (a gate only: nothing is
 * carried forward); a photo that fails is never sent to the paid generation.
 */

export const talkingPortrait: FamilySpec = {
	resource: 'avatar',
	operation: 'talkingPortrait',
	displayName: 'Talking Portrait',
	action: 'Make a photo talk or sing',
	description: 'Turn a photo and a voice recording into a talking or singing video (the photo is checked first)',
	// The API heading has no trailing slash; the curl examples do. The service most likely takes both.
	endpoint: '/services/aigc/image2video/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		avatarImageField(
			'Photo of one person (portrait, half or full body; cartoons work). JPG, PNG, BMP or WEBP, 400–7000 px per side. Checked with wan2.2-s2v-detect before the paid generation.',
		),
		voiceAudioField('Clear, loud voice without background music: WAV or MP3, under 15 MB and 20 s. The video is as long as the audio.'),
		{ ...resolutionField, description: "Output resolution: 480P (16 fps) or 720P (30 fps). The video keeps the photo's aspect ratio." },
	],
	models: [
		{
			id: 'wan2.2-s2v',
			label: 'Wan 2.2 Speech to Video',
			description: 'Photo + voice → lip-synced video with expressions and body motion; up to 20 s',
			regions: ['cn-beijing'],
			limits: { submitRps: 5, concurrency: 1 },
			// Example: 18.13 s of video in about 173 s.
			typicalSeconds: 170,
			secondsPerOutputSecond: 10,
			fields: {
				imageUrl: { required: true, media: S2V_IMAGE },
				audioUrl: { required: true, media: voiceLimits(15, 20) },
				resolution: { values: ['480P', '720P'], default: '480P' },
			},
		},
	],
	// Nested like the animate models (api-avatar.md §0.2).
	result: 'output.results.video_url',
	chain: { detect: { model: 'wan2.2-s2v-detect', uses: ['input.image_url'] } },
};
