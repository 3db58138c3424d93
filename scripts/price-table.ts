/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
/**
 * `npm run docs:prices`: rewrites README.md's price table (between the prices:start / prices:end markers)
 * from nodes/Wan/models/shared/pricing.ts. test/unit/priceTable.test.ts fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REGIONS } from '../nodes/Wan/models/shared/regions';
import type { RegionId } from '../nodes/Wan/models/shared/regions';
import { FAMILIES } from '../nodes/Wan/models';
import { PRICE_SOURCES, PRICES_DATE, PRICING } from '../nodes/Wan/models/shared/pricing';
import type { RegionalPrice } from '../nodes/Wan/models/shared/pricing';

export const START = '<!-- prices:start -->';
export const END = '<!-- prices:end -->';

const UNIT_LABEL = { second: 'second', image: 'image' } as const;

function priceCell(regional: RegionalPrice | undefined): string {
	if (!regional) return 'unknown';
	const source = regional.source && regional.source !== 'dump' ? ` (${PRICE_SOURCES[regional.source].date})` : '';
	if (typeof regional.price === 'number') return `${regional.price} ${regional.currency}${source}`;
	const parts = Object.entries(regional.price.prices).map(([value, price]) => `${value} ${price}`);
	return `${parts.join(' / ')} ${regional.currency}${source}`;
}

/** The README section: the table plus its sources and dates. */
export function priceTableMarkdown(): string {
	// A model offered by several operations (wan2.7-image: Text to Image and Edit Image) names them all.
	const operations = new Map<string, string>();
	for (const family of FAMILIES) {
		for (const model of family.models) operations.set(model.id, [operations.get(model.id), family.displayName].filter(Boolean).join(', '));
	}
	const regions = REGIONS.map((r) => r.id).filter((id) => Object.values(PRICING).some((p) => p.regions[id as RegionId]));
	const regionName = (id: string) => REGIONS.find((r) => r.id === id)!.name;
	const lines = [
		`List prices per billed unit as the sources state them (main source dated **${PRICES_DATE}**). ` +
			'**The service\'s own price page is authoritative**; these figures only drive the estimates, the budget and `cost`. ' +
			'"unknown" = the sources do not state it: the node never guesses a price (estimates and `cost.amount` are then `null`).',
		'',
		`| Model | Operation | Billed per | Counted by | ${regions.map(regionName).join(' | ')} | Notes |`,
		`|---|---|---|---|${regions.map(() => '---|').join('')}---|`,
	];
	for (const [id, pricing] of Object.entries(PRICING)) {
		const notes = [pricing.note, ...Object.values(pricing.regions).map((r) => r?.note)].filter(Boolean).join('; ');
		const cells = regions.map((region) => priceCell(pricing.regions[region as RegionId]));
		lines.push(
			`| \`${id}\` | ${operations.get(id) ?? '(not in the node yet)'} | ${UNIT_LABEL[pricing.unit]} | ${pricing.usage.map((f) => `\`usage.${f}\``).join(', ')} | ${cells.join(' | ')} | ${notes.replace(/\|/g, '\\|')} |`,
		);
	}
	lines.push('', 'Sources:');
	for (const source of Object.values(PRICE_SOURCES)) lines.push(`- ${source.title} (${source.date})`);
	return lines.join('\n');
}

/** README text with the section between the markers replaced. */
export function withPriceTable(readme: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
	return `${readme.slice(0, start + START.length)}\n${priceTableMarkdown()}\n${readme.slice(end)}`;
}

if (require.main === module) {
	const path = join(__dirname, '..', '..', 'README.md');
	const readme = readFileSync(path, 'utf8');
	const updated = withPriceTable(readme);
	if (updated !== readme) writeFileSync(path, updated);
	process.stdout.write(updated === readme ? 'README.md price table is up to date\n' : 'README.md price table rewritten\n');
}
