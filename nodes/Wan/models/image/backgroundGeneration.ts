import { imageField, numberOfImagesField, PNG_OUTPUT, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, FieldDef, MediaLimits } from '../types';

/**
 * Background Generation, api-images.md §6: `wanx-background-generation-v2` on the background-generation path
 * (with the trailing slash of every documented example), async only, China (Beijing) only. A product cut-out
 * (`input.base_image_url`, RGBA with a transparent background) gets a new background from a text prompt
 * (`input.ref_prompt`), a reference image (`input.ref_image_url`), or both; optional edge-guidance layers go in
 * `input.reference_edge`. `parameters.model_version` v2 (default, fast) or v3 (better, slower). The output has
 * the cut-out's resolution. 2 RPS, 1 running task.
 *
 * Text, image and edge guidance combine freely (the reference names no required one), so none is demanded.
 *
 * The finished task's answer is not shown in the reference: the result is looked for in `output.results[].url`
 * (as the other Wan image models answer), then in `output.output_image_url` (as out-painting answers).
 *
 * Edge guidance: the two edge image lists (`reference_edge.foreground_edge` / `background_edge`) and, optionally,
 * their per-layer prompt lists (`foreground_edge_prompt` / `background_edge_prompt`): one entry per layer, an empty
 * entry (sent as `""`) for a layer without a prompt, so a prompt list must be as long as its image list.
 */

/** The cut-out and the edge layers must be RGBA (PNG or WEBP; JPG has no alpha). No size limits are documented. */
const RGBA_LIMITS: MediaLimits = { formats: ['png', 'webp'], maxMb: 0 };
/** The reference image may be RGB or RGBA; no formats or limits are documented: the service judges the file. */
const REF_LIMITS: MediaLimits = { formats: [], maxMb: 0 };

const edgeField = (side: 'foreground' | 'background', where: string): FieldDef => ({
	name: `${side}EdgeUrls`,
	label: `${side === 'foreground' ? 'Foreground' : 'Background'} Edge Image URLs`,
	description: `Edge-guidance layers drawn ${where} the product, bottom layer first: RGBA PNG or WEBP made with the service's edge-guidance method, resized to the product image`,
	type: 'mediaList',
	media: ['image'],
	path: `input.reference_edge.${side}_edge`,
	placement: 'additional',
});

const edgePromptsField = (side: 'foreground' | 'background'): FieldDef => ({
	name: `${side}EdgePrompts`,
	label: `${side === 'foreground' ? 'Foreground' : 'Background'} Edge Prompts`,
	description: `One prompt per ${side} edge layer, in the same order; leave an entry empty for a layer without a prompt`,
	type: 'textList',
	path: `input.reference_edge.${side}_edge_prompt`,
	placement: 'additional',
});

export const backgroundGeneration: FamilySpec = {
	resource: 'image',
	operation: 'backgroundGeneration',
	displayName: 'Background Generation',
	action: 'Generate a background for a product',
	description: 'Put a product cut-out on a new background described by a prompt, a reference image or both',
	// The trailing slash is in every documented example (api-images.md §15 item 11).
	endpoint: '/services/aigc/background-generation/generation/',
	output: PNG_OUTPUT,
	fields: [
		imageField('baseImageUrl', 'Subject Image URL', 'The product cut-out: an RGBA image (PNG or WEBP) whose background is fully transparent, not half-transparent, without text. The result has its resolution.', 'input.base_image_url'),
		{
			name: 'prompt',
			label: 'Prompt',
			description:
				'The background to generate, Chinese or English. About 150 English words or 100–120 Chinese characters are read; the rest is ignored.',
			type: 'string',
			multiline: true,
			path: 'input.ref_prompt',
			placement: 'main',
		},
		imageField('refImageUrl', 'Reference Image URL', 'An image the background should resemble (RGB or RGBA; fully transparent areas are not used)', 'input.ref_image_url'),
		{
			name: 'modelVersion',
			label: 'Model Version',
			description: 'v2: the older, faster version (the service default); v3: better results, slower (recommended)',
			type: 'options',
			labels: { v2: 'V2 (Faster)', v3: 'V3 (Better, Slower)' },
			path: 'parameters.model_version',
			placement: 'main',
		},
		numberOfImagesField,
		{
			name: 'noiseLevel',
			label: 'Noise Level',
			description: 'How far the background may move from the reference image (lower = closer)',
			type: 'integer',
			path: 'parameters.noise_level',
			placement: 'additional',
		},
		{
			name: 'promptWeight',
			label: 'Prompt Weight',
			description: 'With both a prompt and a reference image: the weight of the prompt (above 0.5 the prompt dominates)',
			type: 'number',
			precision: 2,
			path: 'parameters.ref_prompt_weight',
			placement: 'additional',
		},
		edgeField('foreground', 'in front of'),
		edgePromptsField('foreground'),
		edgeField('background', 'behind'),
		edgePromptsField('background'),
	],
	models: [
		{
			id: 'wanx-background-generation-v2',
			label: 'Wan Background Generation V2',
			description: 'Text-, image- or edge-guided backgrounds; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			// No example timestamps: as the other Wan image models.
			typicalSeconds: 15,
			fields: {
				baseImageUrl: { required: true, media: RGBA_LIMITS },
				prompt: {},
				refImageUrl: { media: REF_LIMITS },
				modelVersion: { values: ['v2', 'v3'], default: 'v2' },
				// The range of n is not documented (every example sends 1): no maximum is assumed.
				numberOfImages: { min: 1, default: 1 },
				noiseLevel: { min: 0, max: 999, default: 300 },
				promptWeight: { min: 0, max: 1, default: 0.5 },
				foregroundEdgeUrls: { mediaByKind: { image: RGBA_LIMITS } },
				backgroundEdgeUrls: { mediaByKind: { image: RGBA_LIMITS } },
				foregroundEdgePrompts: {},
				backgroundEdgePrompts: {},
			},
			rules: [
				{ kind: 'sameLength', fields: ['foregroundEdgeUrls', 'foregroundEdgePrompts'] },
				{ kind: 'sameLength', fields: ['backgroundEdgeUrls', 'backgroundEdgePrompts'] },
			],
		},
	],
	/** Not shown in the reference: the Wan image models' place first, out-painting's second. */
	result: UNDOCUMENTED_IMAGE_RESULT,
};
