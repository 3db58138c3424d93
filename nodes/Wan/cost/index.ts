import type { IDataObject } from 'n8n-workflow';

import { VIDEO_SIZES } from '../models/shared/fields';
import { isFreeTrialOnly, PRICE_SOURCES, PRICING } from '../models/shared/pricing';
import type { BilledUnit, Currency, ModelPricing, Price, PriceDimension } from '../models/shared/pricing';
import type { RegionId } from '../models/shared/regions';

/**
 * Prices from the model tables (models/shared/pricing.ts) applied to a request (estimate, before submitting) or to
 * a finished task's usage (cost). Pure functions: no HTTP, no clock.
 */

export interface PickedPrice {
	unitPrice: number;
	currency: Currency;
	priceDate: string;
	/** The price page the figure is from (its revision is `priceDate`). */
	source: string;
	/** The request values the price was picked by, e.g. `{ resolution: '720P' }` or `{ audio: 'silent', resolution: '720P' }`. */
	tier?: Record<string, string>;
}

/** A tool with no paid price (a free trial of `freeTrial` units, then not callable): nothing can be billed. */
export interface FreeTrialPrice {
	freeTrial: number;
	priceDate: string;
	source: string;
}

/** Why no price could be picked: a message for the user. */
export interface NoPrice {
	reason: string;
}

/**
 * Every figure an estimate is made of, as structured fields: units (or a range), the unit price, its currency,
 * the date and page of the price, and the request values the price was picked by.
 */
export type CostEstimate = {
	unit: BilledUnit | null;
	/** Units the request will be billed (null when only a range is known, see unitsMin / unitsMax). */
	units: number | null;
	unitsMin?: number;
	unitsMax?: number;
	unitPrice: number | null;
	currency: Currency | null;
	amount: number | null;
	amountMin?: number;
	amountMax?: number;
	priceDate: string | null;
	source?: string;
	tier?: Record<string, string>;
	/** Free-trial-only tools: the trial's size in units (no paid price; amount 0). */
	freeTrial?: number;
	note?: string;
	/** Set when the amount cannot be estimated. */
	reason?: string;
	/** A chained item (avatar check, template job, generation): each step's own estimate; the amounts above are their sum. */
	steps?: Array<CostEstimate & { step: string; model: string; skipped?: string }>;
};

export type TaskCost = {
	units: number | null;
	unit: BilledUnit | null;
	unitPrice: number | null;
	currency: Currency | null;
	amount: number | null;
	priceDate: string | null;
	/** The usage field the units were read from, e.g. `usage.video_duration`. */
	usageField: string | null;
	source?: string;
	tier?: Record<string, string>;
	freeTrial?: number;
	reason?: string;
};

/** Money with 6 decimals, so 5.2 s × 0.6 is 3.12 and not 3.1200000000000006. */
const money = (value: number) => Math.round(value * 1e6) / 1e6;

export function pricingOf(modelId: string): ModelPricing | undefined {
	return Object.prototype.hasOwnProperty.call(PRICING, modelId) ? PRICING[modelId] : undefined;
}

/** `W*H` → its tier: the documented size lists first, else the tier nearest in pixel count. */
export function tierOfSize(size: string): string | undefined {
	for (const [tier, sizes] of Object.entries(VIDEO_SIZES)) if ((sizes as readonly string[]).includes(size)) return tier;
	const match = /^(\d+)\s*[*x×]\s*(\d+)$/.exec(size);
	if (!match) return undefined;
	const pixels = Number(match[1]) * Number(match[2]);
	const tiers: Array<[string, number]> = [
		['480P', 832 * 480],
		['540P', 960 * 540],
		['720P', 1280 * 720],
		['1080P', 1920 * 1080],
	];
	return tiers.reduce((best, next) => (Math.abs(next[1] - pixels) < Math.abs(best[1] - pixels) ? next : best))[0];
}

/** The value of a price dimension as the request states it. */
export function requestValue(dimension: PriceDimension, parameters: IDataObject): string | undefined {
	switch (dimension) {
		case 'resolution':
			if (typeof parameters.resolution === 'string') return parameters.resolution.toUpperCase();
			if (typeof parameters.size === 'string') return tierOfSize(parameters.size);
			if (parameters.min_len !== undefined) return `${Number(parameters.min_len)}P`;
			return undefined;
		case 'mode':
		case 'ratio': {
			const value = parameters[dimension];
			return typeof value === 'string' ? value : undefined;
		}
		case 'audio':
			// The service's default is audio=true (with sound).
			return parameters.audio === false || parameters.audio === 'false' ? 'silent' : 'sound';
	}
}

/** The value of a price dimension as the finished task's usage reports it. */
export function usageValue(dimension: PriceDimension, usage: IDataObject): string | undefined {
	const ratio = typeof usage.video_ratio === 'string' ? usage.video_ratio : undefined;
	switch (dimension) {
		case 'resolution':
			if (usage.SR !== undefined) return `${Number(usage.SR)}P`;
			return ratio ? tierOfSize(ratio) : undefined;
		case 'mode':
			return ratio === 'standard' ? 'wan-std' : ratio === 'pro' ? 'wan-pro' : undefined;
		case 'ratio':
			return ratio && /^\d+:\d+$/.test(ratio) ? ratio : undefined;
		case 'audio':
			return usage.audio === true ? 'sound' : usage.audio === false ? 'silent' : undefined;
	}
}

/**
 * The list price for one model in one region, picked by the request (or usage) values it depends on.
 * `valueOf` gives that value for a dimension.
 */
export function pickPrice(
	modelId: string,
	region: RegionId,
	valueOf: (dimension: PriceDimension) => string | undefined,
): PickedPrice | FreeTrialPrice | NoPrice {
	const pricing = pricingOf(modelId);
	if (!pricing) return { reason: `No price is recorded for model ${modelId}` };
	const regional = pricing.regions[region];
	if (!regional) {
		const known = Object.keys(pricing.regions);
		return {
			reason:
				`The list price of ${modelId} in region ${region} is unknown to this node` +
				(known.length ? ` (the sources state it only for ${known.join(', ')})` : ` (${pricing.note ?? 'the sources do not state it'})`),
		};
	}
	const source = PRICE_SOURCES[regional.source ?? 'prc2605'];
	if (isFreeTrialOnly(regional)) return { freeTrial: regional.freeTrial, priceDate: source.date, source: source.page };
	const tier: Record<string, string> = {};
	let price: Price = regional.price;
	while (typeof price !== 'number') {
		const { by, prices } = price;
		const value = valueOf(by);
		if (value === undefined || prices[value] === undefined) {
			return {
				reason: `The price of ${modelId} depends on its ${by} (${Object.keys(prices).join(', ')}); ${value === undefined ? `the ${by} is not known` : `no price is stated for ${value}`}`,
			};
		}
		tier[by] = value;
		price = prices[value];
	}
	return {
		unitPrice: price,
		currency: regional.currency,
		priceDate: source.date,
		source: source.page,
		...(Object.keys(tier).length ? { tier } : {}),
	};
}

const isPicked = (price: PickedPrice | FreeTrialPrice | NoPrice): price is PickedPrice => 'unitPrice' in price;
const isFreeTrial = (price: PickedPrice | FreeTrialPrice | NoPrice): price is FreeTrialPrice => 'freeTrial' in price;

/** What the node knows about the request's inputs before submitting (binary files it read). */
export interface EstimateInputs {
	/** Seconds of a media input read from a binary file, by request path (e.g. `input.video_url`). */
	secondsAt?: Readonly<Record<string, number | undefined>>;
	/** A reference (or other list) input may be a video: billed input seconds are possible. */
	mayHaveInputVideo?: boolean;
	/**
	 * The request's input videos: the seconds of those read from binary files, and how many more there are whose
	 * length is not known before the task runs (URLs, unreadable headers).
	 */
	inputVideos?: { seconds: readonly number[]; unknown: number };
}

type UnitsRange = { min: number; max: number; note?: string };

/** Units the request will be billed: exact, a range, or unknown. */
function estimateUnits(pricing: ModelPricing, body: IDataObject, inputs: EstimateInputs): UnitsRange | undefined {
	const parameters = (body.parameters ?? {}) as IDataObject;
	const rule = pricing.units ?? {};
	if (pricing.unit === 'image') {
		const n = parameters.n !== undefined ? Number(parameters.n) : rule.default;
		return n !== undefined && Number.isFinite(n) ? { min: n, max: n } : undefined;
	}
	if (rule.followsInput) {
		const seconds = inputs.secondsAt?.[rule.followsInput.path];
		if (seconds !== undefined && Number.isFinite(seconds)) return { min: seconds, max: seconds, note: 'The output is as long as the input file' };
		return {
			min: rule.followsInput.minSeconds,
			max: rule.followsInput.maxSeconds,
			note: `The output is as long as ${rule.followsInput.path}, whose length is not known before the task runs (a URL): the estimate spans the documented ${rule.followsInput.minSeconds}–${rule.followsInput.maxSeconds} s`,
		};
	}
	const duration = parameters.duration !== undefined ? Number(parameters.duration) : rule.default;
	const videos = inputs.inputVideos ?? { seconds: [], unknown: inputs.mayHaveInputVideo ? 1 : 0 };
	const known = videos.seconds.reduce((sum, seconds) => sum + seconds, 0);
	if (rule.inputVideo) {
		// Video editing: input seconds + output seconds (duration 0: the output is as long as the input).
		const input = { min: known + videos.unknown * rule.inputVideo.minSeconds, max: known + videos.unknown * rule.inputVideo.maxSeconds };
		const followsInput = rule.inputVideo.durationZeroFollowsInput && (duration === undefined || duration === 0);
		if (!followsInput && (duration === undefined || !Number.isFinite(duration))) return undefined;
		const output = followsInput ? input : { min: duration!, max: duration! };
		const range = { min: input.min + output.min, max: input.max + output.max };
		return videos.unknown
			? { ...range, note: `The input video is billed too; its length is not known before the task runs (a URL): the estimate spans ${rule.inputVideo.minSeconds}–${rule.inputVideo.maxSeconds} s of input` }
			: { ...range, note: 'Input video seconds plus output seconds' };
	}
	if (duration === undefined || !Number.isFinite(duration)) return undefined;
	if (rule.inputVideoSecondsMax && (known > 0 || videos.unknown > 0)) {
		const cap = rule.inputVideoSecondsMax;
		const min = duration + Math.min(known, cap);
		const max = videos.unknown ? duration + cap : min;
		return { min, max, note: `Reference videos are billed as input seconds too, at most ${cap} s in all` };
	}
	return { min: duration, max: duration };
}

/** The cost of one request before it is sent: units from its fields, the list price for its region. */
export function estimateCost(modelId: string, region: RegionId, body: IDataObject, inputs: EstimateInputs = {}): CostEstimate {
	const pricing = pricingOf(modelId);
	const empty: CostEstimate = { unit: pricing?.unit ?? null, units: null, unitPrice: null, currency: null, amount: null, priceDate: null };
	if (!pricing) return { ...empty, reason: `No price is recorded for model ${modelId}` };
	const parameters = (body.parameters ?? {}) as IDataObject;
	const range = estimateUnits(pricing, body, inputs);
	const price = pickPrice(modelId, region, (dimension) => requestValue(dimension, parameters));
	const units = range && range.min === range.max ? range.min : null;
	const estimate: CostEstimate = { ...empty, units };
	if (range && range.min !== range.max) Object.assign(estimate, { unitsMin: range.min, unitsMax: range.max });
	if (isFreeTrial(price)) return { ...estimate, amount: 0, priceDate: price.priceDate, source: price.source, freeTrial: price.freeTrial };
	if (range?.note) estimate.note = range.note;
	if (!isPicked(price)) return { ...estimate, reason: price.reason };
	Object.assign(estimate, { unitPrice: price.unitPrice, currency: price.currency, priceDate: price.priceDate, source: price.source });
	if (price.tier) estimate.tier = price.tier;
	if (!range) return { ...estimate, reason: `The number of billed ${pricing.unit}s is not known from the request` };
	if (units !== null) estimate.amount = money(units * price.unitPrice);
	else Object.assign(estimate, { amountMin: money(range.min * price.unitPrice), amountMax: money(range.max * price.unitPrice) });
	return estimate;
}

/** The most an estimate can cost (its upper bound), or undefined when it cannot be estimated. */
export function estimateCeiling(estimate: CostEstimate): number | undefined {
	return estimate.amountMax ?? estimate.amount ?? undefined;
}

/**
 * The cost of a finished task: billed units from its usage, the list price picked by the request (when
 * known) or by what the usage reports.
 */
export function taskCost(modelId: string, region: RegionId, usage: IDataObject, request?: IDataObject): TaskCost {
	const pricing = pricingOf(modelId);
	const cost: TaskCost = { units: null, unit: pricing?.unit ?? null, unitPrice: null, currency: null, amount: null, priceDate: null, usageField: null };
	if (!pricing) return { ...cost, reason: `No price is recorded for model ${modelId}` };
	const field = pricing.usage.find((name) => usage[name] !== undefined && Number.isFinite(Number(usage[name])));
	if (field) Object.assign(cost, { units: Number(usage[field]), usageField: `usage.${field}` });
	const parameters = ((request?.parameters ?? {}) as IDataObject) || {};
	// What the request asked for, else (Task → Wait, no request) what the usage reports.
	const price = pickPrice(modelId, region, (dimension) => (request ? requestValue(dimension, parameters) : undefined) ?? usageValue(dimension, usage));
	if (isFreeTrial(price)) return { ...cost, amount: 0, priceDate: price.priceDate, source: price.source, freeTrial: price.freeTrial };
	if (!isPicked(price)) return { ...cost, reason: price.reason };
	Object.assign(cost, { unitPrice: price.unitPrice, currency: price.currency, priceDate: price.priceDate, source: price.source });
	if (price.tier) cost.tier = price.tier;
	if (cost.units === null) return { ...cost, reason: `The task's usage has none of ${pricing.usage.map((name) => `usage.${name}`).join(', ')}` };
	cost.amount = money(cost.units * price.unitPrice);
	return cost;
}

/** "5 s × 0.6 CNY/second" style summary of an estimate, for error messages. */
export function describeEstimate(estimate: CostEstimate): string {
	const ceiling = estimateCeiling(estimate);
	if (estimate.freeTrial !== undefined) return `nothing (free trial of ${estimate.freeTrial} ${estimate.unit}s, no paid price)`;
	if (ceiling === undefined || !estimate.currency) return 'unknown';
	if (estimate.steps) {
		const total = estimate.amount !== null ? `${ceiling} ${estimate.currency}` : `up to ${ceiling} ${estimate.currency}`;
		const parts = estimate.steps.filter((step) => !step.skipped).map((step) => `${step.step} ${step.model}: ${describeEstimate(step)}`);
		return `${total} (${parts.join(' + ')})`;
	}
	const units =
		estimate.units !== null ? `${estimate.units}` : `${estimate.unitsMin ?? '?'}–${estimate.unitsMax ?? '?'}`;
	const tier = estimate.tier ? `, ${Object.values(estimate.tier).join(', ')}` : '';
	const amount = estimate.units !== null ? `${ceiling} ${estimate.currency}` : `up to ${ceiling} ${estimate.currency}`;
	return `${amount} (${units} ${estimate.unit}${units === '1' ? '' : 's'} × ${estimate.unitPrice} ${estimate.currency}/${estimate.unit}${tier})`;
}
