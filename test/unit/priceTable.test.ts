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

	it('states the source date, that the service price page is authoritative, and unknown prices as unknown', () => {
		const table = priceTableMarkdown();
		assert.match(table, /2026-02-09/);
		assert.match(table, /price page is authoritative/);
		assert.match(table, /\| `wan2\.6-t2v` \| Text to Video \| second \| `usage\.duration` \| unknown \| unknown \|/);
		assert.match(table, /\| `wan2\.2-animate-mix` \| Character Swap \| second \| `usage\.video_duration` \| wan-std 0\.6 \/ wan-pro 0\.9 CNY \|/);
	});
});
