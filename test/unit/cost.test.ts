/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { estimateCeiling, estimateCost, pickPrice, taskCost, tierOfSize } from '../../nodes/Wan/cost';
import { FAMILIES } from '../../nodes/Wan/models';
import { PRICES_DATE, PRICE_SOURCES, PRICING } from '../../nodes/Wan/models/shared/pricing';

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
		for (const [id, pricing] of Object.entries(PRICING)) {
			for (const [region, regional] of Object.entries(pricing.regions)) {
				assert.ok(PRICE_SOURCES[regional!.source ?? 'dump'], `${id} ${region} source`);
				const values = typeof regional!.price === 'number' ? [regional!.price] : Object.values(regional!.price.prices);
				assert.ok(values.length && values.every((v) => typeof v === 'number' && v > 0), `${id} ${region}`);
			}
			if (!Object.keys(pricing.regions).length) assert.ok(pricing.note, `${id}: an unknown price says why`);
		}
		assert.equal(PRICES_DATE, '2026-02-09');
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
			priceDate: '2026-02-09',
			tier: { mode: 'wan-pro' },
		});
		assert.equal((pickPrice('wan2.2-animate-mix', 'ap-southeast-1', () => 'wan-std') as { unitPrice: number }).unitPrice, 1.321063);
		assert.match((pickPrice('wan2.2-animate-move', 'ap-southeast-1', () => 'wan-std') as { reason: string }).reason, /only for cn-beijing/);
		assert.match((pickPrice('wan2.6-t2v', 'cn-beijing', () => '720P') as { reason: string }).reason, /unknown.*price page/);
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
		assert.deepEqual([t2i.units, t2i.amount, t2i.currency], [4, 0.2, 'USD'], 'the service default n = 4');
		const r2v = estimateCost('wan2.6-r2v', 'cn-beijing', { parameters: { duration: 5, size: '1280*720' } }, { mayHaveInputVideo: true });
		assert.deepEqual([r2v.unitsMin, r2v.unitsMax, r2v.amount], [5, 10, null]);
		const kf2v = estimateCost('wan2.2-kf2v-flash', 'cn-beijing', { parameters: { resolution: '480P' } });
		assert.equal(kf2v.units, 5, 'fixed 5 s');
		assert.equal(estimateCeiling(kf2v), undefined, 'price unknown');
	});

	it('task cost from usage alone (Task → Wait): the documented examples', () => {
		// api-avatar.md: video-style-transform, 10 s at 720P = 5 CNY.
		assert.deepEqual(taskCost('video-style-transform', 'cn-beijing', { duration: 10, SR: 720 }), {
			units: 10,
			unit: 'second',
			unitPrice: 0.5,
			currency: 'CNY',
			amount: 5,
			priceDate: '2026-02-09',
			usageField: 'usage.duration',
			tier: { resolution: '720P' },
		});
		// wan-std, usage.video_duration 5.2 s → 5.2 × 0.6 = 3.12 CNY.
		assert.equal(taskCost('wan2.2-animate-mix', 'cn-beijing', { video_duration: 5.2, video_ratio: 'standard' }).amount, 3.12);
		assert.equal(taskCost('emo-v1', 'cn-beijing', { video_duration: 13.93, video_ratio: '3:4' }).amount, 2.2288);
		const unknown = taskCost('wan2.6-t2v', 'cn-beijing', { duration: 5, SR: 720 });
		assert.deepEqual([unknown.units, unknown.amount, unknown.usageField], [5, null, 'usage.duration']);
		assert.ok(unknown.reason);
	});
});
