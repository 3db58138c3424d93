import { PNG_OUTPUT, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, FieldDef } from '../types';

/**
 * Poster Generation: `wanx-poster-generation-v1`, api-images.md §10. A poster background with the title, subtitle and
 * body text typeset on it, in a chosen style. The text-to-image path (shared with Text to Image: the model name
 * decides), async only. **Every field goes in `input`; `parameters` is sent as `{}`** (the request builder always
 * sends it). China (Beijing) only; 2 RPS, 1 running task; free trial only (500 images).
 *
 * Not checked here: "the Chinese and English prompts together at most 50 characters / words". The table has no rule
 * over two fields' lengths, and the two count in different units (Chinese characters, English words); the Chinese
 * prompt alone is held to 50 characters and the service judges the sum.
 * Not offered: `generate_mode` values other than `generate` (the feature list mentions super-resolution and HD refine
 * modes without naming their values or the inputs they need).
 */

/**
 * The answer of a finished task is not shown in the reference. Outside sources read the finished posters at
 * `output.render_urls` (a list of URLs; `bg_urls` would be the backgrounds without text, not read); the shared
 * candidate places of the image tools include it (fields.ts).
 */
export const POSTER_RESULT = UNDOCUMENTED_IMAGE_RESULT;

/** Orientation: the API takes the Chinese words themselves. */
const PORTRAIT = '竖版';
const LANDSCAPE = '横版';

/**
 * Styles (`lora_name`): the Chinese names the request examples use, spelled as there. The feature list names more
 * styles (折纸工艺, 中国水墨, 真实场景, 2D卡通, 儿童水彩, 赛博背景) whose exact `lora_name` spellings are not confirmed, so
 * they are not offered. The empty choice sends no style: the prompt then sets it.
 */
const NO_STYLE = '';
const STYLE_LABELS: Record<string, string> = {
	[NO_STYLE]: 'None (Set the Style in the Prompt)',
	童话油画: 'Fairy-Tale Oil Painting',
	中国刺绣: 'Chinese Embroidery',
	'2D插画1': '2D Illustration',
	浅蓝抽象: 'Light Blue Abstract',
	深蓝抽象: 'Dark Blue Abstract',
	剪纸工艺: 'Paper Cut',
	浓郁色彩: 'Rich Colours',
};
const STYLES = Object.keys(STYLE_LABELS);

const text = (name: string, label: string, description: string, path: `input.${string}`, multiline = false): FieldDef => ({
	name,
	label,
	description,
	type: 'string',
	...(multiline ? { multiline: true } : {}),
	path,
	placement: 'main',
});

const weight = (name: string, label: string, description: string, path: `input.${string}`): FieldDef => ({
	name,
	label,
	description,
	type: 'number',
	precision: 2,
	path,
	placement: 'main',
});

const fields: FieldDef[] = [
	text('title', 'Title', 'The main title printed on the poster', 'input.title'),
	text('subTitle', 'Subtitle', 'The subtitle printed on the poster; a line break starts a new line', 'input.sub_title', true),
	text('bodyText', 'Body Text', 'The body text printed on the poster; a line break starts a new line', 'input.body_text', true),
	text('promptZh', 'Prompt (Chinese)', 'What the poster shows, in Chinese. Give this or the English prompt, or both', 'input.prompt_text_zh', true),
	text('promptEn', 'Prompt (English)', 'What the poster shows, in English. Both prompts together: at most 50 characters / words', 'input.prompt_text_en', true),
	{
		name: 'orientation',
		label: 'Orientation',
		description: 'Portrait or landscape poster',
		type: 'options',
		labels: { [PORTRAIT]: 'Portrait', [LANDSCAPE]: 'Landscape' },
		path: 'input.wh_ratios',
		placement: 'main',
	},
	{
		name: 'style',
		label: 'Style',
		description: 'A preset poster style; None leaves the style to the prompt',
		type: 'options',
		labels: STYLE_LABELS,
		path: 'input.lora_name',
		placement: 'main',
	},
	weight('styleWeight', 'Style Weight', 'How strongly the style applies (the examples use 0.5 and 0.8); sent only with a style', 'input.lora_weight'),
	weight('ctrlRatio', 'Blank Space Weight', 'How strongly room is left blank for the text (the examples use 0.6–0.8)', 'input.ctrl_ratio'),
	weight('ctrlStep', 'Blank Space Steps', 'For which share of the generation steps room is left blank for the text (the examples use 0.6–0.7)', 'input.ctrl_step'),
	{
		name: 'generateMode',
		label: 'Mode',
		description: 'How the poster is made; only Generate is documented',
		type: 'options',
		labels: { generate: 'Generate' },
		path: 'input.generate_mode',
		placement: 'main',
	},
	{
		name: 'numberOfImages',
		label: 'Number of Images',
		description: 'How many posters to generate. All of them arrive in one output item (data, data_2 …)',
		type: 'integer',
		path: 'input.generate_num',
		placement: 'main',
	},
];

/**
 * What `ctrl_ratio` and `ctrl_step` do is not documented; outside sources describe them as the weight and the step
 * share of the blank-space ("留白") effect that keeps room for the text, hence the labels.
 * Ranges of the weights and of the number of posters are not documented: no bounds are checked (the service judges).
 * Their defaults are the first request example's values (0.8, 0.7, 0.7, one poster), which every example sends;
 * the service's own defaults are not documented. Portrait: the orientation of most examples.
 */
export const posterGeneration: FamilySpec = {
	resource: 'image',
	operation: 'posterGeneration',
	displayName: 'Poster Generation',
	action: 'Generate a poster with a title and text',
	description: 'A poster background with title, subtitle and body text set on it, in a preset style. Free trial only: 500 images, then no longer callable',
	endpoint: '/services/aigc/text2image/image-synthesis',
	output: PNG_OUTPUT,
	fields,
	models: [
		{
			id: 'wanx-poster-generation-v1',
			label: 'Poster Generation V1',
			description: 'Portrait or landscape posters with typeset text; free trial only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			typicalSeconds: 20,
			fields: {
				// "Required" is not stated; every example sends a title.
				title: { required: true, maxLength: 30 },
				subTitle: { maxLength: 30 },
				bodyText: { maxLength: 50 },
				promptZh: { maxLength: 50 },
				promptEn: {},
				orientation: { values: [PORTRAIT, LANDSCAPE], default: PORTRAIT },
				style: { values: STYLES, default: NO_STYLE },
				styleWeight: { default: 0.8 },
				ctrlRatio: { default: 0.7 },
				ctrlStep: { default: 0.7 },
				generateMode: { values: ['generate'], default: 'generate' },
				numberOfImages: { min: 1, default: 1 },
			},
			rules: [
				{ kind: 'given', fields: ['promptZh', 'promptEn'], min: 1 },
				// The example without a style sends no weight either.
				{ kind: 'onlyWhen', field: 'styleWeight', when: 'style', values: STYLES.filter((s) => s !== NO_STYLE) },
			],
		},
	],
	result: POSTER_RESULT,
};
