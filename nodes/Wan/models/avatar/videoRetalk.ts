import { AVATAR_IMAGE_FORMATS, voiceAudioField } from './chain';
import type { FamilySpec } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * VideoRetalk (api-avatar.md §10): re-dub a person video, its lip movements matched to a new voice.
 * No check step. One submission per second per account (the lowest limit of the avatar models).
 */
export const videoRetalk: FamilySpec = {
	resource: 'avatar',
	operation: 'videoRetalk',
	displayName: 'VideoRetalk Lip Sync',
	action: 'Lip-sync a person video to new audio',
	description: 'Re-dub a video of a person: the lips follow a new voice recording',
	// Documented with the trailing slash (heading and curl).
	endpoint: '/services/aigc/image2video/video-synthesis/',
	output: MP4_OUTPUT,
	fields: [
		{
			name: 'videoUrl',
			label: 'Person Video URL',
			description: 'Frontal close-up of the person. MP4, AVI or MOV (H.264/H.265), 2–120 s, 15–60 fps, 640–2048 px per side, up to 300 MB.',
			type: 'media',
			media: 'video',
			path: 'input.video_url',
			placement: 'main',
		},
		voiceAudioField('Clear, loud voice without noise or music: WAV, MP3 or AAC, 2–120 s, up to 30 MB'),
		{
			name: 'refImageUrl',
			label: 'Reference Face Image URL',
			description:
				'Which person to lip-sync when the video shows several: a clear frontal face of someone in the video (a frame grab works). Without it, the largest face of the first frame with a face.',
			type: 'media',
			media: 'image',
			path: 'input.ref_image_url',
			placement: 'additional',
		},
		{
			name: 'videoExtension',
			label: 'Extend Video to Audio',
			description: 'When the audio is longer than the video: on extends the video (played back and forth) to the audio; off keeps the video length and cuts the audio',
			type: 'boolean',
			path: 'parameters.video_extension',
			placement: 'additional',
		},
	],
	models: [
		{
			id: 'videoretalk',
			label: 'VideoRetalk',
			description: 'Person video + voice → the same video lip-synced to the voice; keeps the video\'s size',
			regions: ['cn-beijing'],
			// 1 submission per second (raise by e-mail to Model Studio): the node paces every item of the execution to it.
			limits: { submitRps: 1, concurrency: 1 },
			// Example: 7.16 s of video in about 71 s.
			typicalSeconds: 70,
			secondsPerOutputSecond: 10,
			fields: {
				videoUrl: { required: true, media: { formats: ['mp4', 'avi', 'mov'], maxMb: 300, minPx: 640, maxPx: 2048, minSeconds: 2, maxSeconds: 120 } },
				audioUrl: { required: true, media: { formats: ['wav', 'mp3', 'aac'], maxMb: 30, minSeconds: 2, maxSeconds: 120 } },
				refImageUrl: { media: { formats: AVATAR_IMAGE_FORMATS, maxMb: 10, maxPx: 4096, maxAspect: 2 } },
				videoExtension: { default: false },
			},
		},
	],
	result: 'output.video_url',
};
