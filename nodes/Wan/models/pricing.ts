import type { RegionId } from '../engine/regions';

/**
 * List prices per billed unit, keyed by the model id the node uses (e.g. `wan2.6-t2v`, `wanx2.1-t2i-turbo`;
 * regional names such as `wan2.1-t2i-turbo` map to these through the model tables' `regionalIds`).
 *
 * Only prices the sources state are here. A model whose price the sources do not give has no entry in
 * `regions` (its price is unknown in every region); a region missing from `regions` is unknown for that
 * region. Nothing is copied from one region to another or guessed from a sibling model. The service's own
 * price page is authoritative; README's price table is generated from this file (`npm run docs:prices`).
 *
 * Models the node does not offer yet (the image tools, the messages-style image models)
 * are listed too, so a family added later picks its billing up by model id.
 */

/** Where a price comes from. `dump` is the source most prices are from; its date is the table's date. */
export const PRICE_SOURCES = {
	dump: {
		date: '2026-02-09',
		title: 'Model Studio Chinese documentation (Wan guide dump, generated 2026-02-09), price tables "模型与价格" / "计费与限流"',
	},
	animateMixD0: {
		date: '2025-11-12',
		title: 'Chinese page "通义万相-视频换人" (wan-animate-mix-api), captured 2025-11-12, international (Singapore) tab',
	},
	t2iIntl: {
		date: '2025-07-15',
		title: 'English page "Text-to-image V2 API reference" (international), revision of 2025-07-15',
	},
} as const;

export type PriceSourceId = keyof typeof PRICE_SOURCES;

/** The date of the price table: the date of the source most prices come from. */
export const PRICES_DATE = PRICE_SOURCES.dump.date;

export type Currency = 'CNY' | 'USD';

/** What one unit is: a second of output (and, where billed, input) video, or one image. */
export type BilledUnit = 'second' | 'image';

/**
 * The request field a price depends on:
 * - `resolution`: the output tier (`480P` / `720P` / `1080P` / `540P`), from `parameters.resolution`, the tier of
 *   `parameters.size`, or `parameters.min_len`; in the task's usage, `SR` (e.g. 720) or a `W*H` `video_ratio`.
 * - `mode`: `parameters.mode` (`wan-std` / `wan-pro`); in the usage, `video_ratio` `standard` / `pro`.
 * - `ratio`: the output aspect (`1:1` / `3:4`), from `parameters.ratio`; in the usage, `video_ratio`.
 */
export type PriceDimension = 'resolution' | 'mode' | 'ratio';

/** One price per unit, or one per value of the request field it depends on. */
export type Price = number | { by: PriceDimension; prices: Readonly<Record<string, number>> };

export interface RegionalPrice {
	currency: Currency;
	price: Price;
	/** Defaults to `dump`. */
	source?: PriceSourceId;
	note?: string;
}

/** How many units a request will be billed, as far as the request tells before it runs. */
export interface UnitsRule {
	/** Units when the request does not say (e.g. fixed 5 s models, the service's default `n`). */
	default?: number;
	/**
	 * The output length follows an input file (animate: the driving video; s2v: the audio): its seconds
	 * when the node read them from a binary file, else the documented range of that input.
	 */
	followsInput?: { path: `input.${string}`; minSeconds: number; maxSeconds: number };
	/** Seconds of input video billed on top of the output, at most (reference to video: up to 5 s). */
	inputVideoSecondsMax?: number;
}

export interface ModelPricing {
	unit: BilledUnit;
	/** The field(s) of the finished task's `usage` that count the billed units; the first present wins. */
	usage: readonly string[];
	units?: UnitsRule;
	/** Regions with a stated price; absent = unknown there. */
	regions: Partial<Record<RegionId, RegionalPrice>>;
	note?: string;
}

const FREE_TRIAL = 'Free trial only: 500 images, then no longer callable (no paid option, so no price)';
const UNSTATED = 'the sources refer to the service\'s price page ("模型价格") without stating the price';

const wan26Video = (note?: string): ModelPricing => ({
	unit: 'second',
	// duration = input_video_duration + output_video_duration (input is 0 for text and image to video).
	usage: ['duration'],
	regions: {},
	note: [`Priced by resolution and by sound; ${UNSTATED}`, note].filter(Boolean).join('. '),
});

const olderVideo = (fixedSeconds?: number): ModelPricing => ({
	unit: 'second',
	usage: ['video_duration'],
	...(fixedSeconds ? { units: { default: fixedSeconds } } : {}),
	regions: {},
	note: `Priced by resolution; ${UNSTATED}`,
});

const perImage = (defaultN: number | undefined, regions: ModelPricing['regions'] = {}, note?: string): ModelPricing => ({
	unit: 'image',
	usage: ['image_count'],
	...(defaultN ? { units: { default: defaultN } } : {}),
	regions,
	...(note ? { note } : {}),
});

const cny = (price: Price, note?: string): RegionalPrice => ({ currency: 'CNY', price, ...(note ? { note } : {}) });

const perSecond = (regions: ModelPricing['regions'], units?: UnitsRule, usage: readonly string[] = ['video_duration']): ModelPricing => ({
	unit: 'second',
	usage,
	...(units ? { units } : {}),
	regions,
});

const DETECT = perImage(1, { 'cn-beijing': cny(0.004) }, 'Synchronous image check; billed whether the check passes or not');

/** Animate: the output is as long as the driving video (2–30 s, api-video.md §9–§10). */
const ANIMATE_UNITS: UnitsRule = { followsInput: { path: 'input.video_url', minSeconds: 2, maxSeconds: 30 } };

export const PRICING: Readonly<Record<string, ModelPricing>> = {
	// ---- Video: text to video ----
	'wan2.6-t2v': wan26Video(),
	'wan2.7-t2v': wan26Video('Usage fields assumed like wan2.6'),
	'wan2.6-t2v-us': wan26Video(),
	'wan2.5-t2v-preview': olderVideo(),
	'wan2.2-t2v-plus': olderVideo(5),
	'wanx2.1-t2v-turbo': olderVideo(5),
	'wanx2.1-t2v-plus': olderVideo(5),
	// ---- Video: image to video ----
	'wan2.6-i2v-flash': wan26Video('audio=false is billed at the silent price'),
	'wan2.6-i2v': wan26Video(),
	'wan2.6-i2v-us': wan26Video(),
	'wan2.7-i2v': wan26Video('Usage fields assumed like wan2.6'),
	'wan2.5-i2v-preview': olderVideo(),
	'wan2.2-i2v-flash': olderVideo(5),
	'wan2.2-i2v-plus': olderVideo(5),
	'wanx2.1-i2v-plus': olderVideo(5),
	'wanx2.1-i2v-turbo': olderVideo(5),
	// ---- Video: first and last frame ----
	'wan2.2-kf2v-flash': olderVideo(5),
	'wanx2.1-kf2v-plus': olderVideo(5),
	// ---- Video: reference to video (input video seconds are billed too, at most 5 s in all) ----
	'wan2.6-r2v-flash': { ...wan26Video('Input reference videos are billed too, at most 5 s in all'), units: { inputVideoSecondsMax: 5 } },
	'wan2.6-r2v': { ...wan26Video('Input reference videos are billed too, at most 5 s in all'), units: { inputVideoSecondsMax: 5 } },
	'wan2.7-r2v': { ...wan26Video('Usage fields assumed like wan2.6'), units: { inputVideoSecondsMax: 5 } },
	'wan2.7-videoedit': { ...wan26Video('Usage fields assumed like wan2.6') },
	// Dated snapshots are billed like their model (the price page lists the model, not its snapshots).
	'wan2.7-t2v-2026-04-25': wan26Video('Usage fields assumed like wan2.6'),
	'wan2.7-t2v-2026-06-12': wan26Video('Usage fields assumed like wan2.6'),
	'wan2.7-i2v-2026-04-25': wan26Video('Usage fields assumed like wan2.6'),
	'wan2.7-r2v-2026-06-12': { ...wan26Video('Usage fields assumed like wan2.6'), units: { inputVideoSecondsMax: 5 } },
	// ---- Video: character swap / animate (billed on usage.video_duration, by mode) ----
	'wan2.2-animate-mix': perSecond(
		{
			'cn-beijing': cny({ by: 'mode', prices: { 'wan-std': 0.6, 'wan-pro': 0.9 } }),
			'ap-southeast-1': {
				currency: 'CNY',
				price: { by: 'mode', prices: { 'wan-std': 1.321063, 'wan-pro': 1.908202 } },
				source: 'animateMixD0',
				note: 'Written as 元/秒 on the Chinese page (possibly a converted international price); no free quota',
			},
		},
		ANIMATE_UNITS,
	),
	'wan2.2-animate-move': perSecond({ 'cn-beijing': cny({ by: 'mode', prices: { 'wan-std': 0.4, 'wan-pro': 0.6 } }) }, ANIMATE_UNITS),
	// ---- Video: VACE (not stated) ----
	'wanx2.1-vace-plus': { unit: 'second', usage: ['video_duration'], regions: {}, note: UNSTATED },
	// ---- Video: style transform ----
	'video-style-transform': perSecond(
		{ 'cn-beijing': cny({ by: 'resolution', prices: { '720P': 0.5, '540P': 0.2 } }) },
		// The output is as long as the input video; its range is not stated in the price table.
		undefined,
		['duration'],
	),
	// ---- Avatar / digital human ----
	'wan2.2-s2v-detect': DETECT,
	'wan2.2-s2v': perSecond(
		{ 'cn-beijing': cny({ by: 'resolution', prices: { '480P': 0.5, '720P': 0.9 } }) },
		// The video follows the audio (under 20 s).
		{ followsInput: { path: 'input.audio_url', minSeconds: 0, maxSeconds: 20 } },
		['duration'],
	),
	'animate-anyone-detect-gen2': DETECT,
	'animate-anyone-template-gen2': perSecond({ 'cn-beijing': cny(0.08) }),
	'animate-anyone-gen2': perSecond({ 'cn-beijing': cny(0.08) }),
	'emo-detect-v1': DETECT,
	'emo-v1': perSecond({ 'cn-beijing': cny({ by: 'ratio', prices: { '1:1': 0.08, '3:4': 0.16 } }) }),
	'liveportrait-detect': DETECT,
	liveportrait: perSecond({ 'cn-beijing': cny(0.02) }),
	'emoji-detect-v1': { ...perImage(1), note: UNSTATED },
	'emoji-v1': { ...perSecond({}), note: UNSTATED },
	videoretalk: perSecond({ 'cn-beijing': cny(0.08) }),
	// ---- Image: text to image (service default n = 4) ----
	'wan2.5-t2i-preview': perImage(4, {}, UNSTATED),
	'wan2.2-t2i-plus': perImage(4, {}, UNSTATED),
	'wan2.2-t2i-flash': perImage(4, {}, UNSTATED),
	'wanx2.1-t2i-plus': perImage(4, { 'ap-southeast-1': { currency: 'USD', price: 0.05, source: 't2iIntl' } }, 'China (Beijing) price not stated'),
	'wanx2.1-t2i-turbo': perImage(4, { 'ap-southeast-1': { currency: 'USD', price: 0.025, source: 't2iIntl' } }, 'China (Beijing) price not stated'),
	'wanx2.0-t2i-turbo': perImage(4, {}, `Described only as "relatively low price"; ${UNSTATED}`),
	'wan2.6-t2i': perImage(undefined, {}, UNSTATED),
	'wan2.6-image': perImage(undefined, {}, UNSTATED),
	'wan2.7-image': perImage(undefined, {}, UNSTATED),
	'wan2.7-image-pro': perImage(undefined, {}, UNSTATED),
	'qwen-image': perImage(1, {}, UNSTATED),
	'qwen-image-plus': perImage(1, {}, UNSTATED),
	'qwen-image-max': perImage(1, {}, UNSTATED),
	// Snapshots and the 2.0 / 3.0 models (api-gaps.md §1.3, §5): prices not stated; 3.0 counts output_image_count.
	'qwen-image-max-2025-12-30': perImage(1, {}, UNSTATED),
	'qwen-image-plus-2026-01-09': perImage(1, {}, UNSTATED),
	'qwen-image-2.0': perImage(1, {}, UNSTATED),
	'qwen-image-2.0-pro': perImage(1, {}, UNSTATED),
	'qwen-image-3.0': { ...perImage(1, {}, UNSTATED), usage: ['output_image_count', 'image_count'] },
	'qwen-image-3.0-pro': { ...perImage(1, {}, UNSTATED), usage: ['output_image_count', 'image_count'] },
	// ---- Image: editing and tools ----
	'wan2.5-i2i-preview': perImage(4, {}, UNSTATED),
	'wanx2.1-imageedit': perImage(1, {
		'cn-beijing': cny(0.14, 'The English page lists USD 0.020070 per image for the same region'),
	}),
	// One image per task (the request has no count): the estimate counts 1.
	'wanx-style-repaint-v1': perImage(1, { 'cn-beijing': cny(0.12) }),
	'wanx-background-generation-v2': perImage(undefined, { 'cn-beijing': cny(0.08) }),
	'image-out-painting': perImage(1, { 'cn-beijing': cny(0.18) }),
	// ---- Image tools offered as a free trial only (500 images, then not callable; no paid option) ----
	'wanx-virtualmodel': perImage(undefined, {}, FREE_TRIAL),
	'virtualmodel-v2': perImage(undefined, {}, FREE_TRIAL),
	'shoemodel-v1': perImage(undefined, {}, FREE_TRIAL),
	'wanx-poster-generation-v1': perImage(undefined, {}, FREE_TRIAL),
	'image-instance-segmentation': perImage(undefined, {}, FREE_TRIAL),
	'image-erase-completion': perImage(undefined, {}, FREE_TRIAL),
	'wanx-x-painting': perImage(undefined, {}, FREE_TRIAL),
};
