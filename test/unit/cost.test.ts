/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { estimateCeiling, estimateCost, pickPrice, taskCost, tierOfSize } from '../../nodes/Wan/cost';
import { FAMILIES } from '../../nodes/Wan/models';
import { isFreeTrialOnly, PRICES_DATE, PRICE_SOURCES, PRICING } from '../../nodes/Wan/models/shared/pricing';
import type { Price } from '../../nodes/Wan/models/shared/pricing';

describe('the price table', () => {
	it('has an entry (unit and billed usage field) for every model the node offers', () => {
		for (const family of FAMILIES) {
			for (const model of family.models) {
				const pricing = PRICING[model.id];
				assert.ok(pricing, `${model.id} has a pricing entry`);
				assert.equal(pricing.unit, family.output.kind === 'image' ? 'image' : 'second', model.id);
				assert.ok(pricing.usage.length > 0, model.id);
			}
		}
	});

	it('every stated price is a positive number with a known source; unknown prices are absent, never zero', () => {
		const leaves = (price: Price): number[] => (typeof price === 'number' ? [price] : Object.values(price.prices).flatMap(leaves));
		for (const [id, pricing] of Object.entries(PRICING)) {
			for (const [region, regional] of Object.entries(pricing.regions)) {
				assert.ok(PRICE_SOURCES[regional!.source ?? 'prc2605'], `${id} ${region} source`);
				if (isFreeTrialOnly(regional!)) {
					assert.equal(regional.freeTrial, 500, id);
					continue;
				}
				const values = leaves(regional!.price);
				assert.ok(values.length && values.every((v) => typeof v === 'number' && v > 0), `${id} ${region}`);
			}
			if (!Object.keys(pricing.regions).length) assert.ok(pricing.note, `${id}: an unknown price says why`);
		}
		assert.equal(PRICES_DATE, '2026-05-26');
	});

	it('every model the node offers in China (Beijing) has a price there (or is a free-trial-only tool)', () => {
		const missing = FAMILIES.flatMap((family) =>
			family.models.filter((model) => model.regions.includes('cn-beijing') && !PRICING[model.id]?.regions['cn-beijing']).map((model) => model.id),
		);
		assert.deepEqual(missing, []);
		for (const id of ['wanx-virtualmodel', 'virtualmodel-v2', 'shoemodel-v1', 'wanx-poster-generation-v1', 'image-instance-segmentation', 'image-erase-completion', 'wanx-x-painting']) {
			assert.deepEqual(PRICING[id].regions, { 'cn-beijing': { freeTrial: 500 } }, id);
		}
	});

	it('covers the priced families not yet in the node, by the ids the service uses', () => {
		for (const id of ['wan2.2-s2v', 'wan2.2-s2v-detect', 'emo-v1', 'liveportrait', 'videoretalk', 'video-style-transform', 'animate-anyone-gen2', 'wanx2.1-imageedit', 'image-out-painting', 'wanx2.1-vace-plus', 'wan2.7-image', 'qwen-image-plus']) {
			assert.ok(PRICING[id], id);
		}
	});
});

describe('price picking', () => {
	it('by mode, per region; unknown in a region the source does not price', () => {
		assert.deepEqual(pickPrice('wan2.2-animate-mix', 'cn-beijing', () => 'wan-pro'), {
			unitPrice: 0.9,
			currency: 'CNY',
			priceDate: '2026-05-26',
			source: 'https://help.aliyun.com/zh/model-studio/model-pricing',
			tier: { mode: 'wan-pro' },
		});
		assert.equal((pickPrice('wan2.2-animate-mix', 'ap-southeast-1', () => 'wan-std') as { unitPrice: number }).unitPrice, 1.321063);
		assert.equal((pickPrice('wan2.2-animate-move', 'ap-southeast-1', () => 'wan-std') as { unitPrice: number }).unitPrice, 0.880709);
		assert.match((pickPrice('wan2.2-kf2v-flash', 'ap-southeast-1', () => '720P') as { reason: string }).reason, /only for cn-beijing/);
		assert.match((pickPrice('emo-v1', 'us-east-1', () => '1:1') as { reason: string }).reason, /only for cn-beijing/);
		assert.match((pickPrice('no-such-model', 'cn-beijing', () => undefined) as { reason: string }).reason, /No price is recorded/);
	});

	it('by resolution: from resolution, from a W*H size, from min_len; a tier without a price is reported', () => {
		assert.equal(tierOfSize('1280*720'), '720P');
		assert.equal(tierOfSize('1248*1632'), '1080P');
		assert.equal(tierOfSize('960*544'), '540P');
		const s2v = estimateCost('wan2.2-s2v', 'cn-beijing', { parameters: { resolution: '720P' } }, { secondsAt: { 'input.audio_url': 8 } });
		assert.deepEqual([s2v.units, s2v.unitPrice, s2v.amount], [8, 0.9, 7.2]);
		const style = estimateCost('video-style-transform', 'cn-beijing', { parameters: { min_len: 540 } });
		assert.equal(style.unitPrice, 0.2);
		assert.match(String(style.reason), /number of billed seconds is not known/);
		const wrong = estimateCost('wan2.2-s2v', 'cn-beijing', { parameters: { resolution: '1080P' } });
		assert.match(String(wrong.reason), /no price is stated for 1080P/);
	});

	it('estimates: ranges where the output follows an input, n × price for images, upper bound for the budget', () => {
		const s2v = estimateCost('wan2.2-s2v', 'cn-beijing', { parameters: { resolution: '480P' } });
		assert.deepEqual([s2v.units, s2v.unitsMin, s2v.unitsMax, s2v.amountMin, s2v.amountMax], [null, 0, 20, 0, 10]);
		assert.equal(estimateCeiling(s2v), 10);
		const edit = estimateCost('wanx2.1-imageedit', 'cn-beijing', { parameters: { n: 3 } });
		assert.deepEqual([edit.units, edit.amount, edit.currency], [3, 0.42, 'CNY']);
		const t2i = estimateCost('wanx2.1-t2i-plus', 'ap-southeast-1', { parameters: {} });
		assert.deepEqual([t2i.units, t2i.amount, t2i.currency], [4, 1.467848, 'CNY'], 'the service default n = 4, Singapore as the page writes it');
		const r2v = estimateCost('wan2.6-r2v', 'cn-beijing', { parameters: { duration: 5, size: '1280*720' } }, { mayHaveInputVideo: true });
		assert.deepEqual([r2v.unitsMin, r2v.unitsMax, r2v.amount, r2v.amountMax], [5, 10, null, 6]);
		const kf2v = estimateCost('wan2.2-kf2v-flash', 'cn-beijing', { parameters: { resolution: '480P' } });
		assert.deepEqual([kf2v.units, kf2v.amount], [5, 0.5], 'fixed 5 s');
		const kf2vIntl = estimateCost('wan2.2-kf2v-flash', 'ap-southeast-1', { parameters: { resolution: '480P' } });
		assert.equal(estimateCeiling(kf2vIntl), undefined, 'no Singapore price: unknown, not copied from Beijing');
	});

	it('task cost from usage alone (Task → Wait): the documented examples', () => {
		// api-avatar.md: video-style-transform, 10 s at 720P = 5 CNY.
		assert.deepEqual(taskCost('video-style-transform', 'cn-beijing', { duration: 10, SR: 720 }), {
			units: 10,
			unit: 'second',
			unitPrice: 0.5,
			currency: 'CNY',
			amount: 5,
			priceDate: '2026-05-26',
			source: 'https://help.aliyun.com/zh/model-studio/model-pricing',
			usageField: 'usage.duration',
			tier: { resolution: '720P' },
		});
		// wan-std, usage.video_duration 5.2 s → 5.2 × 0.6 = 3.12 CNY.
		assert.equal(taskCost('wan2.2-animate-mix', 'cn-beijing', { video_duration: 5.2, video_ratio: 'standard' }).amount, 3.12);
		assert.equal(taskCost('emo-v1', 'cn-beijing', { video_duration: 13.93, video_ratio: '3:4' }).amount, 2.2288);
		const t2v = taskCost('wan2.6-t2v', 'cn-beijing', { duration: 5, SR: 720 });
		assert.deepEqual([t2v.units, t2v.amount, t2v.usageField, t2v.reason], [5, 3, 'usage.duration', undefined]);
		const unknown = taskCost('wan2.2-kf2v-flash', 'ap-southeast-1', { video_duration: 5, SR: 480 });
		assert.deepEqual([unknown.units, unknown.amount], [5, null]);
		assert.ok(unknown.reason);
	});
});

describe('a price for every request a Beijing model accepts', () => {
	it('every accepted resolution / size tier, mode, ratio and sound setting of every Beijing model picks a price', () => {
		const missing: string[] = [];
		for (const family of FAMILIES) {
			for (const model of family.models.filter((m) => m.regions.includes('cn-beijing'))) {
				const values = (name: string) => model.fields[name]?.values ?? (model.fields[name]?.default !== undefined ? [model.fields[name].default] : []);
				const tiers = [...values('resolution').map(String), ...values('size').map((size) => String(tierOfSize(String(size)))), ...values('minLen').map((v) => `${v}P`)];
				for (const resolution of tiers.length ? tiers : [undefined])
					for (const mode of values('mode').length ? values('mode') : [undefined])
						for (const ratio of values('ratio').length ? values('ratio') : [undefined])
							for (const audio of ['sound', 'silent']) {
								const picked = pickPrice(model.id, 'cn-beijing', (d) => ({ resolution, mode, ratio, audio })[d] as string | undefined);
								if ('reason' in picked) missing.push(`${model.id} ${JSON.stringify({ resolution, mode, ratio, audio })}: ${picked.reason}`);
							}
			}
		}
		assert.deepEqual(missing, []);
	});
});

describe('what drives the bill (prices.md "How to read")', () => {
	it('the -flash models: the silent price with audio off, the price with sound otherwise; usage.audio alone too', () => {
		const silent = estimateCost('wan2.6-i2v-flash', 'cn-beijing', { parameters: { resolution: '720P', duration: 10, audio: false } });
		assert.deepEqual([silent.unitPrice, silent.amount, silent.tier], [0.15, 1.5, { audio: 'silent', resolution: '720P' }]);
		const sound = estimateCost('wan2.6-i2v-flash', 'cn-beijing', { parameters: { resolution: '1080P', duration: 5 } });
		assert.deepEqual([sound.unitPrice, sound.amount], [0.5, 2.5]);
		const r2vSilent = estimateCost('wan2.6-r2v-flash', 'ap-southeast-1', { parameters: { size: '1920*1080', duration: 5, audio: false } });
		assert.equal(r2vSilent.unitPrice, 0.275221);
		assert.equal(taskCost('wan2.6-i2v-flash', 'cn-beijing', { duration: 5, SR: 720, audio: false }).amount, 0.75);
		assert.match(String(taskCost('wan2.6-i2v-flash', 'cn-beijing', { duration: 5, SR: 720 }).reason), /depends on its audio/);
	});

	it('reference to video: input video seconds (known from binary files) capped at 5 s, plus the output', () => {
		const known = estimateCost('wan2.7-r2v', 'cn-beijing', { parameters: { resolution: '1080P', duration: 5 } }, { inputVideos: { seconds: [3, 4], unknown: 0 } });
		assert.deepEqual([known.units, known.amount], [10, 10]);
		const short = estimateCost('wan2.6-r2v', 'cn-beijing', { parameters: { size: '1280*720', duration: 5 } }, { inputVideos: { seconds: [2], unknown: 0 } });
		assert.deepEqual([short.units, short.amount], [7, 4.2]);
		const images = estimateCost('wan2.7-r2v', 'cn-beijing', { parameters: { resolution: '720P', duration: 5 } }, { inputVideos: { seconds: [], unknown: 0 } });
		assert.deepEqual([images.units, images.amount], [5, 3]);
	});

	it('wan2.7-videoedit: input seconds plus output seconds; duration 0 doubles the input; a URL spans the input range', () => {
		const same = estimateCost('wan2.7-videoedit', 'cn-beijing', { parameters: { resolution: '720P', duration: 0 } }, { inputVideos: { seconds: [8], unknown: 0 } });
		assert.deepEqual([same.units, same.amount], [16, 9.6]);
		const fixed = estimateCost('wan2.7-videoedit', 'cn-beijing', { parameters: { resolution: '720P', duration: 5 } }, { inputVideos: { seconds: [8], unknown: 0 } });
		assert.deepEqual([fixed.units, fixed.amount], [13, 7.8]);
		const url = estimateCost('wan2.7-videoedit', 'cn-beijing', { parameters: { resolution: '1080P', duration: 5 } }, { inputVideos: { seconds: [], unknown: 1 } });
		assert.deepEqual([url.unitsMin, url.unitsMax, url.amountMax], [6, 35, 35]);
	});

	it('wan2.7-i2v continuation: the whole output duration, the input clip not added', () => {
		const clip = estimateCost('wan2.7-i2v', 'cn-beijing', { parameters: { resolution: '720P', duration: 15 } }, { inputVideos: { seconds: [3], unknown: 0 } });
		assert.deepEqual([clip.units, clip.amount], [15, 9]);
	});

	it('free-trial-only tools: amount 0, no currency needed, the trial named', () => {
		const trial = estimateCost('shoemodel-v1', 'cn-beijing', { parameters: {} });
		assert.deepEqual([trial.amount, trial.freeTrial, trial.reason], [0, 500, undefined]);
		assert.deepEqual([taskCost('wanx-x-painting', 'cn-beijing', { image_count: 1 }).amount, taskCost('wanx-x-painting', 'cn-beijing', { image_count: 1 }).freeTrial], [0, 500]);
	});

	it('an estimate states its inputs: units, unit price, currency, price date and source', () => {
		const e = estimateCost('wan2.7-t2v-2026-06-12', 'cn-beijing', { parameters: { resolution: '720P', duration: 5 } });
		assert.deepEqual(
			{ units: e.units, unitPrice: e.unitPrice, currency: e.currency, priceDate: e.priceDate, source: e.source, amount: e.amount },
			{ units: 5, unitPrice: 0.6, currency: 'CNY', priceDate: '2026-06-22', source: 'https://help.aliyun.com/zh/model-studio/model-pricing', amount: 3 },
		);
	});
});
