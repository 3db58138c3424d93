import type { RegionId } from './regions';

/**
 * List prices per billed unit, keyed by the model id the node uses (e.g. `wan2.6-t2v`, `wanx2.1-t2i-turbo`;
 * regional names such as `wan2.1-t2i-turbo` map to these through the model tables' `regionalIds`).
 *
 * Only prices the sources state are here (../shared/reference/prices.md), each with its source and date. A region
 * missing from `regions` is unknown there. Nothing is copied from one region to another, converted between
 * currencies or guessed from a sibling model; the figures are written in the currency the page states them in
 * (the Chinese page states Singapore, US and Global-scope prices in CNY too). Tools with no paid price are marked
 * as a free trial. The service's own price page is authoritative; README's price table is generated from this
 * file (`npm run docs:prices`).
 *
 * Models the node does not offer yet (the image tools, the messages-style image models)
 * are listed too, so a family added later picks its billing up by model id.
 */

/**
 * Where a price comes from (../shared/reference/prices.md, "Sources"). `page` is what a user can open to check it.
 * `prc2605` is the source of almost every price; its date is the table's date.
 */
export const PRICE_SOURCES = {
	prc2605: {
		date: '2026-05-26',
		page: 'https://help.aliyun.com/zh/model-studio/model-pricing',
		title:
			'Official Chinese price page "模型调用价格", revision of 2026-05-26 (as mirrored in github.com/modelstudioai/skills, commit 21b9d17); China mainland (Beijing), International (Singapore), Global (US Virginia, Germany Frankfurt) and US scopes, all written in CNY',
	},
	prcLater: {
		// The revision shows no date; it lists snapshots dated up to 2026-06-22, so it is from after that day.
		date: '2026-06-22',
		page: 'https://help.aliyun.com/zh/model-studio/model-pricing',
		title: 'A later, undated revision of the same page (it lists snapshots dated up to 2026-06-22, so it is from after that day)',
	},
} as const;

export type PriceSourceId = keyof typeof PRICE_SOURCES;

/** The date of the price table: the date of the source most prices come from. */
export const PRICES_DATE = PRICE_SOURCES.prc2605.date;

export type Currency = 'CNY' | 'USD';

/** What one unit is: a second of output (and, where billed, input) video, or one image. */
export type BilledUnit = 'second' | 'image';

/**
 * The request field a price depends on:
 * - `resolution`: the output tier (`480P` / `720P` / `1080P` / `540P`), from `parameters.resolution`, the tier of
 *   `parameters.size`, or `parameters.min_len`; in the task's usage, `SR` (e.g. 720) or a `W*H` `video_ratio`.
 * - `mode`: `parameters.mode` (`wan-std` / `wan-pro`); in the usage, `video_ratio` `standard` / `pro`.
 * - `ratio`: the output aspect (`1:1` / `3:4`), from `parameters.ratio`; in the usage, `video_ratio`.
 * - `audio`: `sound` or `silent`, from `parameters.audio` (the service's default is `true`, with sound); in the
 *   usage, `audio` (reported by wan2.6-i2v-flash).
 */
export type PriceDimension = 'resolution' | 'mode' | 'ratio' | 'audio';

/** One price per unit, or one per value of the request field it depends on (nested: by sound, then by resolution). */
export type Price = number | { by: PriceDimension; prices: Readonly<Record<string, Price>> };

export interface RegionalPrice {
	currency: Currency;
	price: Price;
	/** Defaults to `prc2605`. */
	source?: PriceSourceId;
	note?: string;
}

/**
 * A tool with no paid price: callable for its free trial only (a number of units), then not at all. Nothing
 * can be billed, so the budget lets it through.
 */
export interface FreeTrialOnly {
	freeTrial: number;
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
	/** Seconds of input (reference) video billed on top of the output, at most (reference to video: 5 s in all). */
	inputVideoSecondsMax?: number;
	/**
	 * The input video's seconds are billed on top of the output (video editing); its length is in this range when
	 * not read from a binary file. `durationZeroFollowsInput`: duration 0 makes the output as long as the input.
	 */
	inputVideo?: { minSeconds: number; maxSeconds: number; durationZeroFollowsInput?: boolean };
}

export interface ModelPricing {
	unit: BilledUnit;
	/** The field(s) of the finished task's `usage` that count the billed units; the first present wins. */
	usage: readonly string[];
	units?: UnitsRule;
	/** Regions with a stated price (or a free trial only); absent = unknown there. */
	regions: Partial<Record<RegionId, RegionalPrice | FreeTrialOnly>>;
	note?: string;
}

export const isFreeTrialOnly = (regional: RegionalPrice | FreeTrialOnly): regional is FreeTrialOnly => 'freeTrial' in regional;

const cny = (price: Price, note?: string, source?: PriceSourceId): RegionalPrice => ({
	currency: 'CNY',
	price,
	...(source ? { source } : {}),
	...(note ? { note } : {}),
});

/** A price per resolution tier, e.g. `res({ '720P': 0.6, '1080P': 1 })`. */
const res = (prices: Record<string, number>): Price => ({ by: 'resolution', prices });

/** The -flash models: a price with sound and a lower one silent (audio=false), each per resolution. */
const soundOrSilent = (sound: Record<string, number>, silent: Record<string, number>): Price => ({
	by: 'audio',
	prices: { sound: res(sound), silent: res(silent) },
});

// The figures of prices.md, by scope. "Intl" (Singapore) is written in CNY on the Chinese page: never converted.
const WAN26_CN = { '720P': 0.6, '1080P': 1 };
const WAN26_INTL = { '720P': 0.733924, '1080P': 1.100886 };
const FLASH_CN = soundOrSilent({ '720P': 0.3, '1080P': 0.5 }, { '720P': 0.15, '1080P': 0.25 });
const FLASH_INTL = soundOrSilent({ '720P': 0.366962, '1080P': 0.550443 }, { '720P': 0.183481, '1080P': 0.275221 });
const WAN25_CN = { '480P': 0.3, '720P': 0.6, '1080P': 1 };
const WAN25_INTL = { '480P': 0.366961, '720P': 0.733923, '1080P': 1.100885 };

/** wan2.6/2.7 price regions: China (Beijing) and Singapore; `global` adds the Global scope (US Virginia, Frankfurt) at the CN figures. */
const wan26Regions = (global: boolean, source?: PriceSourceId): ModelPricing['regions'] => ({
	'cn-beijing': cny(res(WAN26_CN), undefined, source),
	'ap-southeast-1': cny(res(WAN26_INTL), undefined, source),
	...(global ? { 'us-east-1': cny(res(WAN26_CN), 'Global scope'), 'eu-central-1': cny(res(WAN26_CN), 'Global scope') } : {}),
});

/** wan2.6/2.7 video: `usage.duration` = input_video_duration + output_video_duration (input is 0 for text and image to video). */
const wan26Video = (regions: ModelPricing['regions'], units?: UnitsRule, note?: string): ModelPricing => ({
	unit: 'second',
	usage: ['duration'],
	...(units ? { units } : {}),
	regions,
	...(note ? { note } : {}),
});

/** Older video models: `usage.video_duration`, fixed 5 s where the request has no duration. */
const olderVideo = (regions: ModelPricing['regions'], fixedSeconds?: number): ModelPricing => ({
	unit: 'second',
	usage: ['video_duration'],
	...(fixedSeconds ? { units: { default: fixedSeconds } } : {}),
	regions,
});

const perImage = (defaultN: number | undefined, regions: ModelPricing['regions'] = {}, note?: string): ModelPricing => ({
	unit: 'image',
	usage: ['image_count'],
	...(defaultN ? { units: { default: defaultN } } : {}),
	regions,
	...(note ? { note } : {}),
});

/** Beijing and Singapore per-image prices. */
const images = (cn: number, intl?: number, intlSource?: PriceSourceId): ModelPricing['regions'] => ({
	'cn-beijing': cny(cn),
	...(intl ? { 'ap-southeast-1': cny(intl, undefined, intlSource) } : {}),
});

const perSecond = (regions: ModelPricing['regions'], units?: UnitsRule, usage: readonly string[] = ['video_duration']): ModelPricing => ({
	unit: 'second',
	usage,
	...(units ? { units } : {}),
	regions,
});

const DETECT = perImage(1, { 'cn-beijing': cny(0.004) }, 'Synchronous image check; billed whether the check passes or not');

/** The image tools with no paid option: 500 images of free trial, then not callable. */
/** Models the price sources do not list (newer than the price page revisions in prices.md). */
export const NOT_IN_PRICE_SOURCES = 'Not on the price page revisions the sources hold (newer model): unknown';

const FREE_TRIAL = perImage(undefined, { 'cn-beijing': { freeTrial: 500 } }, 'No paid price: a free trial of 500 images, then no longer callable');

/** Animate: the output is as long as the driving video (2–30 s, api-video.md §9–§10). */
const ANIMATE_UNITS: UnitsRule = { followsInput: { path: 'input.video_url', minSeconds: 2, maxSeconds: 30 } };

/** Reference to video: reference videos are billed as input seconds too, at most 5 s in all, at the same rate. */
const R2V_UNITS: UnitsRule = { inputVideoSecondsMax: 5 };

/** wan2.7-videoedit: input video seconds plus output seconds; the input is 1–30 s (limits assumed, see models/shared/wan27.ts). */
const VIDEOEDIT_UNITS: UnitsRule = { inputVideo: { minSeconds: 1, maxSeconds: 30, durationZeroFollowsInput: true } };

/** wan2.7-i2v: a continuation (first_clip) is billed on the whole output duration, input clip included: just `duration`. */
const CONTINUATION = 'A continuation (First Clip) is billed on the whole output duration, the input clip included';

export const PRICING: Readonly<Record<string, ModelPricing>> = {
	// ---- Video: text to video ----
	'wan2.6-t2v': wan26Video(wan26Regions(true)),
	'wan2.7-t2v': wan26Video(wan26Regions(false), undefined, 'Usage fields assumed like wan2.6'),
	'wan2.6-t2v-us': wan26Video({ 'us-east-1': cny(res(WAN26_INTL), 'US scope') }),
	'wan2.5-t2v-preview': olderVideo({ 'cn-beijing': cny(res(WAN25_CN)), 'ap-southeast-1': cny(res(WAN25_INTL)) }),
	'wan2.2-t2v-plus': olderVideo({ 'cn-beijing': cny(res({ '480P': 0.14, '1080P': 0.7 })), 'ap-southeast-1': cny(res({ '480P': 0.146785, '1080P': 0.733924 })) }, 5),
	'wanx2.1-t2v-turbo': olderVideo({ 'cn-beijing': cny(res({ '480P': 0.24, '720P': 0.24 })), 'ap-southeast-1': cny(res({ '480P': 0.264213, '720P': 0.264213 })) }, 5),
	'wanx2.1-t2v-plus': olderVideo({ 'cn-beijing': cny(res({ '720P': 0.7 })), 'ap-southeast-1': cny(res({ '720P': 0.733924 })) }, 5),
	// ---- Video: image to video ----
	'wan2.6-i2v-flash': wan26Video({ 'cn-beijing': cny(FLASH_CN), 'ap-southeast-1': cny(FLASH_INTL) }, undefined, 'Silent (audio off) is billed at the lower silent price'),
	'wan2.6-i2v': wan26Video(wan26Regions(true)),
	'wan2.6-i2v-us': wan26Video({ 'us-east-1': cny(res(WAN26_INTL), 'US scope') }),
	'wan2.7-i2v': wan26Video(wan26Regions(false), undefined, `${CONTINUATION}. Usage fields assumed like wan2.6`),
	'wan2.5-i2v-preview': olderVideo({ 'cn-beijing': cny(res(WAN25_CN)), 'ap-southeast-1': cny(res(WAN25_INTL)) }),
	'wan2.2-i2v-flash': olderVideo(
		{ 'cn-beijing': cny(res({ '480P': 0.1, '720P': 0.2, '1080P': 0.48 })), 'ap-southeast-1': cny(res({ '480P': 0.110089, '720P': 0.264213 })) },
		5,
	),
	'wan2.2-i2v-plus': olderVideo({ 'cn-beijing': cny(res({ '480P': 0.14, '1080P': 0.7 })), 'ap-southeast-1': cny(res({ '480P': 0.146785, '1080P': 0.733924 })) }, 5),
	'wanx2.1-i2v-plus': olderVideo({ 'cn-beijing': cny(res({ '720P': 0.7 })), 'ap-southeast-1': cny(res({ '720P': 0.733924 })) }, 5),
	'wanx2.1-i2v-turbo': olderVideo({ 'cn-beijing': cny(res({ '480P': 0.24, '720P': 0.24 })), 'ap-southeast-1': cny(res({ '480P': 0.264213, '720P': 0.264213 })) }, 5),
	// ---- Video: first and last frame (wan2.2-kf2v-flash has no Singapore price) ----
	'wan2.2-kf2v-flash': olderVideo({ 'cn-beijing': cny(res({ '480P': 0.1, '720P': 0.2, '1080P': 0.48 })) }, 5),
	'wanx2.1-kf2v-plus': olderVideo({ 'cn-beijing': cny(res({ '720P': 0.7 })), 'ap-southeast-1': cny(res({ '720P': 0.733924 })) }, 5),
	// ---- Video: reference to video (input reference-video seconds are billed too, at most 5 s in all) ----
	'wan2.6-r2v-flash': wan26Video({ 'cn-beijing': cny(FLASH_CN), 'ap-southeast-1': cny(FLASH_INTL) }, R2V_UNITS, 'Silent (audio off) is billed at the lower silent price'),
	'wan2.6-r2v': wan26Video(wan26Regions(true), R2V_UNITS),
	'wan2.7-r2v': wan26Video(wan26Regions(false), R2V_UNITS, 'Usage fields assumed like wan2.6'),
	'wan2.7-videoedit': wan26Video(wan26Regions(false), VIDEOEDIT_UNITS, 'Input video seconds are billed too. Usage fields assumed like wan2.6'),
	// Dated snapshots: the price page lists them with their own rows (the -06-12 ones only in the later revision).
	'wan2.7-t2v-2026-04-25': wan26Video(wan26Regions(false), undefined, 'Usage fields assumed like wan2.6'),
	'wan2.7-t2v-2026-06-12': wan26Video(wan26Regions(false, 'prcLater'), undefined, 'Usage fields assumed like wan2.6'),
	'wan2.7-i2v-2026-04-25': wan26Video(wan26Regions(false), undefined, `${CONTINUATION}. Usage fields assumed like wan2.6`),
	'wan2.7-r2v-2026-06-12': wan26Video(wan26Regions(false, 'prcLater'), R2V_UNITS, 'Usage fields assumed like wan2.6'),
	// ---- Video: character swap / animate (billed on usage.video_duration, by mode) ----
	'wan2.2-animate-mix': perSecond(
		{
			'cn-beijing': cny({ by: 'mode', prices: { 'wan-std': 0.6, 'wan-pro': 0.9 } }),
			'ap-southeast-1': cny({ by: 'mode', prices: { 'wan-std': 1.321063, 'wan-pro': 1.908202 } }),
		},
		ANIMATE_UNITS,
	),
	'wan2.2-animate-move': perSecond(
		{
			'cn-beijing': cny({ by: 'mode', prices: { 'wan-std': 0.4, 'wan-pro': 0.6 } }),
			'ap-southeast-1': cny({ by: 'mode', prices: { 'wan-std': 0.880709, 'wan-pro': 1.321063 } }),
		},
		ANIMATE_UNITS,
	),
	// ---- Video: VACE (output seconds only) ----
	// The page lists the 720P tier only, and every VACE output size is 720P-class: one price, whatever the function.
	'wanx2.1-vace-plus': perSecond({
		'cn-beijing': cny(0.7, '720P (the only tier). The English page lists USD 0.100347 per second for the same region'),
		'ap-southeast-1': cny(0.733924, '720P (the only tier)'),
	}),
	// ---- Video: style transform ----
	'video-style-transform': perSecond(
		{ 'cn-beijing': cny(res({ '720P': 0.5, '540P': 0.2 })) },
		// The output is as long as the input video; its range is not stated in the price table.
		undefined,
		['duration'],
	),
	// ---- Avatar / digital human (China mainland only) ----
	'wan2.2-s2v-detect': DETECT,
	'wan2.2-s2v': perSecond(
		{ 'cn-beijing': cny(res({ '480P': 0.5, '720P': 0.9 })) },
		// The video follows the audio (under 20 s).
		{ followsInput: { path: 'input.audio_url', minSeconds: 0, maxSeconds: 20 } },
		['duration'],
	),
	'animate-anyone-detect-gen2': DETECT,
	// The template is as long as the motion video; the dance as long as the template (2–60 s, api-avatar.md §6).
	'animate-anyone-template-gen2': perSecond({ 'cn-beijing': cny(0.08) }, { followsInput: { path: 'input.video_url', minSeconds: 2, maxSeconds: 60 } }),
	'animate-anyone-gen2': perSecond({ 'cn-beijing': cny(0.08) }, { followsInput: { path: 'input.video_url', minSeconds: 2, maxSeconds: 60 } }),
	'emo-detect-v1': DETECT,
	// The video follows the voice audio (up to 60 s).
	'emo-v1': perSecond({ 'cn-beijing': cny({ by: 'ratio', prices: { '1:1': 0.08, '3:4': 0.16 } }) }, { followsInput: { path: 'input.audio_url', minSeconds: 0, maxSeconds: 60 } }),
	'liveportrait-detect': DETECT,
	// The video follows the voice audio (1–180 s).
	liveportrait: perSecond({ 'cn-beijing': cny(0.02) }, { followsInput: { path: 'input.audio_url', minSeconds: 1, maxSeconds: 180 } }),
	'emoji-detect-v1': DETECT,
	'emoji-v1': perSecond({ 'cn-beijing': cny(0.08) }),
	videoretalk: perSecond({ 'cn-beijing': cny(0.08) }),
	// ---- Image: text to image (service default n = 4); resolution and aspect do not change the price ----
	'wan2.5-t2i-preview': perImage(4, images(0.2, 0.220177)),
	'wan2.2-t2i-plus': perImage(4, images(0.2, 0.366962)),
	'wan2.2-t2i-flash': perImage(4, images(0.14, 0.183481)),
	'wanx2.1-t2i-plus': perImage(4, images(0.2, 0.366962), 'The English page of 2025-07-15 lists USD 0.05 per image in Singapore'),
	'wanx2.1-t2i-turbo': perImage(4, images(0.14, 0.183481), 'The English page of 2025-07-15 lists USD 0.025 per image in Singapore'),
	'wanx2.0-t2i-turbo': perImage(4, images(0.04)),
	'wan2.6-t2i': perImage(undefined, { ...images(0.2, 0.220177), 'us-east-1': cny(0.2, 'Global scope'), 'eu-central-1': cny(0.2, 'Global scope') }),
	'wan2.6-image': perImage(undefined, { ...images(0.2, 0.220177), 'us-east-1': cny(0.2, 'Global scope'), 'eu-central-1': cny(0.2, 'Global scope') }),
	// The revision of 2026-05-26 said 0.220177 for Singapore; the later revision 0.224826 (the newer is kept).
	'wan2.7-image': perImage(undefined, images(0.2, 0.224826, 'prcLater')),
	'wan2.7-image-pro': perImage(undefined, images(0.5, 0.562065)),
	'qwen-image': perImage(1, images(0.25, 0.256873)),
	'qwen-image-plus': perImage(1, images(0.2, 0.220177)),
	'qwen-image-max': perImage(1, images(0.5, 0.550443)),
	// The price page gives qwen-image-max "the same as qwen-image-max-2025-12-30" (prices.md): the snapshot's own figure.
	'qwen-image-max-2025-12-30': perImage(1, images(0.5, 0.550443)),
	// prices.md states no price for these (api-gaps.md §1.3, §5 document the models): unknown, never guessed.
	'qwen-image-plus-2026-01-09': perImage(1, {}, NOT_IN_PRICE_SOURCES),
	'qwen-image-2.0': perImage(1, {}, NOT_IN_PRICE_SOURCES),
	'qwen-image-2.0-pro': perImage(1, {}, NOT_IN_PRICE_SOURCES),
	// 3.0 reports its own usage field (api-gaps.md §5).
	'qwen-image-3.0': { ...perImage(1, {}, NOT_IN_PRICE_SOURCES), usage: ['output_image_count', 'image_count'] },
	'qwen-image-3.0-pro': { ...perImage(1, {}, NOT_IN_PRICE_SOURCES), usage: ['output_image_count', 'image_count'] },
	// ---- Image: editing and tools ----
	'wan2.5-i2i-preview': perImage(4, images(0.2, 0.220177)),
	'wanx2.1-imageedit': perImage(1, {
		'cn-beijing': cny(0.14, 'The English page lists USD 0.020070 per image for the same region'),
	}),
	// One image per task (the request has no count): the estimate counts 1.
	'wanx-style-repaint-v1': perImage(1, images(0.12)),
	'wanx-background-generation-v2': perImage(undefined, images(0.08)),
	'image-out-painting': perImage(1, images(0.18)),
	// ---- Image tools offered as a free trial only (500 images, then not callable; no paid option) ----
	'wanx-virtualmodel': FREE_TRIAL,
	'virtualmodel-v2': FREE_TRIAL,
	'shoemodel-v1': FREE_TRIAL,
	'wanx-poster-generation-v1': FREE_TRIAL,
	'image-instance-segmentation': FREE_TRIAL,
	'image-erase-completion': FREE_TRIAL,
	'wanx-x-painting': FREE_TRIAL,
};
