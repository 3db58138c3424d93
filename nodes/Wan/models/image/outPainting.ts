import { imageField, PNG_OUTPUT } from '../shared/fields';
import type { FamilySpec, FieldDef, FieldRule } from '../types';

/**
 * Image Out-Painting, api-images.md §7: `image-out-painting` on its own image2image path, async only, China
 * (Beijing) only. The canvas of `input.image_url` is extended by a target aspect ratio (`output_ratio`), by a
 * horizontal / vertical factor (`x_scale`, `y_scale`), or by pixels per side (`*_offset`), optionally after
 * rotating the image counter-clockwise (`angle`). The finished task holds one URL in `output.output_image_url`
 * (no `results` list). 2 RPS, 5 running tasks.
 *
 * The reference documents no ranges, defaults or precedence for these parameters and no limits for the image:
 * every parameter is optional (Additional Fields) and sent only when added; at least one is asked for (without
 * any, nothing would be extended). Only what follows from their meaning is checked: scales are expansion factors
 * (1.0 = unchanged; the examples use 1.2–2.46), offsets are pixels added (the examples use 343–968).
 */

const offset = (side: 'left' | 'right' | 'top' | 'bottom'): FieldDef => ({
	name: `${side}Offset`,
	label: `${side[0].toUpperCase()}${side.slice(1)} Offset`,
	description: `Pixels to add at the ${side}`,
	type: 'integer',
	path: `parameters.${side}_offset`,
	placement: 'additional',
});

const OFFSET_RULE: FieldRule = { min: 0 };
// 1.5: the value a scale field starts at once added (the documented equal-scaling example), not a service default.
const SCALE_RULE: FieldRule = { min: 1, default: 1.5 };

const EXPANSIONS = ['angle', 'xScale', 'yScale', 'outputRatio', 'leftOffset', 'rightOffset', 'topOffset', 'bottomOffset'];

export const outPainting: FamilySpec = {
	resource: 'image',
	operation: 'outPainting',
	displayName: 'Image Out-Painting',
	action: 'Extend the canvas of an image',
	description: 'Extend an image beyond its edges: to an aspect ratio, by a factor or by pixels per side, optionally rotated first',
	endpoint: '/services/aigc/image2image/out-painting',
	output: PNG_OUTPUT,
	fields: [
		imageField('imageUrl', 'Image URL', 'The image to extend. Add one way to extend it under Additional Fields; a result close to 1:1 looks most natural.', 'input.image_url'),
		{
			name: 'outputRatio',
			label: 'Output Aspect Ratio',
			description: 'Width:height to extend the image to, e.g. 1:1 or 4:3',
			type: 'string',
			placeholder: '4:3',
			path: 'parameters.output_ratio',
			placement: 'additional',
		},
		{
			name: 'xScale',
			label: 'Horizontal Scale',
			description: 'Width of the result as a multiple of the original (1.0 = unchanged, 1.5 = half as wide again)',
			type: 'number',
			precision: 2,
			path: 'parameters.x_scale',
			placement: 'additional',
		},
		{
			name: 'yScale',
			label: 'Vertical Scale',
			description: 'Height of the result as a multiple of the original (1.0 = unchanged, 1.5 = half as high again)',
			type: 'number',
			precision: 2,
			path: 'parameters.y_scale',
			placement: 'additional',
		},
		offset('left'),
		offset('right'),
		offset('top'),
		offset('bottom'),
		{
			name: 'angle',
			label: 'Rotation Angle',
			description: 'Degrees to rotate the image counter-clockwise before extending it (e.g. 90 or 45)',
			type: 'integer',
			path: 'parameters.angle',
			placement: 'additional',
		},
	],
	models: [
		{
			id: 'image-out-painting',
			label: 'Image Out-Painting',
			description: 'By aspect ratio, factor or pixels; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 5 },
			// The documented example: submitted 13:50:01.247, ended 13:50:27.795.
			typicalSeconds: 30,
			fields: {
				// No format or size limits are documented: the service judges the file.
				imageUrl: { required: true, media: { formats: [], maxMb: 0 } },
				outputRatio: {},
				xScale: SCALE_RULE,
				yScale: SCALE_RULE,
				leftOffset: OFFSET_RULE,
				rightOffset: OFFSET_RULE,
				topOffset: OFFSET_RULE,
				bottomOffset: OFFSET_RULE,
				angle: {},
			},
			rules: [{ kind: 'given', fields: EXPANSIONS, min: 1 }],
		},
	],
	result: 'output.output_image_url',
};
