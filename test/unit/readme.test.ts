/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';

import { FAMILIES } from '../../nodes/Wan/models';
import { README_PATH, withFamilyTables } from '../../scripts/readme-tables';

describe('README family tables', () => {
	const readme = readFileSync(README_PATH, 'utf8');

	it('are the ones generated from the model tables (run `npm run readme` after changing a table)', () => {
		assert.equal(readme, withFamilyTables(readme));
	});

	it('list every model of every family', () => {
		for (const family of FAMILIES) for (const model of family.models) assert.ok(readme.includes(`\`${model.id}\``), model.id);
	});
});
