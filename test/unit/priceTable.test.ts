/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';

import { priceTableMarkdown, withPriceTable } from '../../scripts/price-table';

describe('README price table', () => {
	it('is the table generated from nodes/Wan/models/shared/pricing.ts (run `npm run docs:prices` after changing prices)', () => {
		const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
		assert.equal(withPriceTable(readme), readme, 'README.md is stale: run npm run docs:prices');
	});

	it('states the source date, that the service price page is authoritative, unknown prices as unknown, free trials as such', () => {
		const table = priceTableMarkdown();
		assert.match(table, /2026-05-26/);
		assert.match(table, /price page is authoritative/);
		assert.match(table, /\| `wan2\.6-t2v` \| Text to Video \| second \| `usage\.duration` \| 720P 0\.6 \/ 1080P 1 CNY \| 720P 0\.733924 \/ 1080P 1\.100886 CNY \|/);
		assert.match(table, /\| `wan2\.6-i2v-flash` \|.*\| sound: 720P 0\.3 \/ 1080P 0\.5; silent: 720P 0\.15 \/ 1080P 0\.25 CNY \|/);
		assert.match(table, /\| `wan2\.2-kf2v-flash` \|.*\| 480P 0\.1 \/ 720P 0\.2 \/ 1080P 0\.48 CNY \| unknown \|/);
		assert.match(table, /\| `shoemodel-v1` \|.*\| free trial: 500 images \|/);
		assert.match(table, /\| `wan2\.2-animate-mix` \| Character Swap \| second \| `usage\.video_duration` \| wan-std 0\.6 \/ wan-pro 0\.9 CNY \|/);
	});
});
