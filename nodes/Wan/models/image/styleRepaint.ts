import { imageField } from '../shared/fields';
import type { FamilySpec, MediaLimits } from '../types';

/**
 * Portrait Style Repaint, api-images.md §5: `wanx-style-repaint-v1` on the image-generation path, async only,
 * China (Beijing) only. One person photo (`input.image_url`) restyled with a preset (`input.style_index` ≥ 0) or
 * with the style of a reference image (`input.style_ref_url`, only with `style_index` = -1). The finished task
 * lists `output.results[].url` (JPG, URL valid 24 h) next to `style_index`, `error_code` 0 and `error_message`
 * "Success"; the output keeps the input's aspect ratio with its short side fixed at 1536 px. 2 RPS, 1 running task.
 */

/**
 * Person photo and style reference: JPEG, PNG, JPG, BMP, WEBP; at least 256*256 and at most 5760*3240 pixels;
 * up to 10 MB; URL or data URI. The photo's long side may be at most twice its short side (for the reference
 * 2:1 is only recommended, so not checked). "At most 5760*3240" is read as each side ≤ 5760.
 */
const PHOTO_LIMITS: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 256, maxPx: 5760, maxAspect: 2, dataUri: true };
const STYLE_REF_LIMITS: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 256, maxPx: 5760, dataUri: true };

/** `style_index` = -1 means "use the style of the reference image" (api-images.md §5). */
export const CUSTOM_STYLE = -1;

export const styleRepaint: FamilySpec = {
	resource: 'image',
	operation: 'styleRepaint',
	displayName: 'Portrait Style Repaint',
	action: 'Repaint a portrait in a style',
	description: 'Repaint a person photo in a preset style or in the style of a reference image',
	endpoint: '/services/aigc/image-generation/generation',
	output: { kind: 'image', mimeType: 'image/jpeg', extension: 'jpg' },
	fields: [
		imageField('imageUrl', 'Image URL', 'The person photo: JPEG, PNG, BMP or WEBP, 256×256 to 5760×3240 px, long side at most twice the short side, up to 10 MB. A clear, not too small face works best.', 'input.image_url'),
		{
			// The reference names some presets (retro comic, 3D fairy tale, anime, fresh, future tech, Chinese
			// painting, 将军百战 …) but not their numbers: the index is a plain number, no names are made up for it.
			name: 'styleIndex',
			label: 'Style Index',
			description:
				'Number of a preset style (0 and up; the presets include retro comic, 3D fairy tale, anime, fresh, future tech and Chinese painting; see the service documentation for the numbers), or -1 to copy the style of the Style Reference Image instead',
			type: 'integer',
			path: 'input.style_index',
			placement: 'main',
		},
		imageField('styleRefUrl', 'Style Reference Image URL', 'Only with Style Index -1 (ignored otherwise): the image whose style is copied. JPEG, PNG, BMP or WEBP, 256×256 to 5760×3240 px, up to 10 MB.', 'input.style_ref_url'),
	],
	models: [
		{
			id: 'wanx-style-repaint-v1',
			label: 'Wan Style Repaint V1',
			description: 'Preset or custom style; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			// The documented example: submitted 10:55:43.768, ended 10:55:48.
			typicalSeconds: 10,
			fields: {
				imageUrl: { required: true, media: PHOTO_LIMITS },
				// No upper bound is documented (the service judges an unknown preset). Default: preset 0, the query example's.
				styleIndex: { required: true, min: CUSTOM_STYLE, default: 0 },
				styleRefUrl: { media: STYLE_REF_LIMITS },
			},
			rules: [
				// Preset and custom style are exclusive (a reference with a preset index would be ignored by the service):
				// the reference is sent only with index -1, and index -1 needs one.
				{ kind: 'onlyWhen', field: 'styleRefUrl', when: 'styleIndex', values: [CUSTOM_STYLE] },
				{ kind: 'requiredWhen', field: 'styleRefUrl', when: 'styleIndex', values: [CUSTOM_STYLE] },
			],
		},
	],
	result: 'output.results[].url',
};
