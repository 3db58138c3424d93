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
import { isFreeTrialOnly, PRICE_SOURCES, PRICES_DATE, PRICING } from '../nodes/Wan/models/shared/pricing';
import type { FreeTrialOnly, Price, RegionalPrice } from '../nodes/Wan/models/shared/pricing';

export const START = '<!-- prices:start -->';
export const END = '<!-- prices:end -->';

const UNIT_LABEL = { second: 'second', image: 'image' } as const;

/** `720P 0.6 / 1080P 1`, nested prices as `sound: 720P 0.3 / 1080P 0.5; silent: …`. */
function priceText(price: Price): string {
	if (typeof price === 'number') return `${price}`;
	const nested = Object.values(price.prices).some((p) => typeof p !== 'number');
	return Object.entries(price.prices)
		.map(([value, p]) => (nested ? `${value}: ${priceText(p)}` : `${value} ${priceText(p)}`))
		.join(nested ? '; ' : ' / ');
}

function priceCell(regional: RegionalPrice | FreeTrialOnly | undefined): string {
	if (!regional) return 'unknown';
	const source = regional.source && regional.source !== 'prc2605' ? ` (${PRICE_SOURCES[regional.source].date})` : '';
	if (isFreeTrialOnly(regional)) return `free trial: ${regional.freeTrial} images${source}`;
	return `${priceText(regional.price)} ${regional.currency}${source}`;
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
		`List prices per billed unit as the sources state them (main source dated **${PRICES_DATE}**; a cell from another revision names its date). ` +
			'**The service\'s own price page is authoritative**; these figures only drive the estimates, the budget and `cost`. ' +
			'Singapore, US and Global-scope (US Virginia, Germany Frankfurt) prices are in CNY because the Chinese price page writes them so; they are never converted. ' +
			'"unknown" = the sources do not state it: the node never guesses a price (estimates and `cost.amount` are then `null`). ' +
			'"free trial: 500 images" = a tool with no paid price (500 free images, then not callable): its estimate and `cost.amount` are 0 and the budget lets it through.',
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
	for (const source of Object.values(PRICE_SOURCES)) lines.push(`- ${source.title}: ${source.page} (${source.date})`);
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
