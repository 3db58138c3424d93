/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties, INodeParameters } from 'n8n-workflow';

import { customSizeNames } from '../../nodes/Wan/request/customSize';
import { mediaParamNames } from '../../nodes/Wan/description/mediaParams';
import { FAMILIES, functionsOf, rulesOf } from '../../nodes/Wan/models';
import { Wan } from '../../nodes/Wan/Wan.node';

const description = new Wan().description;
const node = { typeVersion: 1 };

/** What n8n itself resolves for a node saved with only these values (defaults filled, hidden ones dropped). */
function resolved(values: INodeParameters): INodeParameters {
	const result = NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description);
	assert.ok(result);
	return result;
}

describe('generated node description', () => {
	for (const family of FAMILIES) {
		for (const model of family.models) {
			// Families with a function selector: every function of the model, each with its own fields.
			// A model without functions in a family with a selector (wan2.7-videoedit in Edit Video): none, no selector.
			const functions = family.selector && model.functions ? functionsOf(family, model) : [undefined];
			for (const fn of functions) {
				const at = fn ? `${model.id} (${fn})` : model.id;
				const values: INodeParameters = { resource: family.resource, operation: family.operation, model: model.id };
				if (family.selector && fn) values[family.selector.name] = fn;
				const rules = rulesOf(model, fn).fields;
				it(`${family.operation} / ${at}: shows exactly the model's main fields with its defaults`, () => {
					const params = resolved(values);
					// A field that applies only while another main field has certain values is shown only then.
					const conditions = rulesOf(model, fn).rules.flatMap((rule) => (rule.kind === 'onlyWhen' ? [rule] : []));
					for (const field of family.fields.filter((f) => f.placement === 'main')) {
						const rule = rules[field.name];
						if (!rule) {
							assert.equal(params[field.name], undefined, `${field.name} hidden for ${at}`);
							continue;
						}
						const condition = conditions.find((c) => c.field === field.name && family.fields.some((f) => f.name === c.when && f.placement === 'main'));
						if (condition) {
							const shownNow = condition.values.includes(params[condition.when] as never);
							assert.equal(params[field.name] !== undefined, shownNow, `${field.name} shown only while ${condition.when} is ${condition.values.join(' or ')}`);
							const shown = resolved({ ...values, [condition.when]: condition.values[0] });
							assert.notEqual(shown[field.name], undefined, `${field.name} shown with ${condition.when} = ${String(condition.values[0])}`);
							continue;
						}
						assert.notEqual(params[field.name], undefined, `${field.name} shown for ${at}`);
						if (rule.default !== undefined) assert.equal(params[field.name], rule.default, `${field.name} default`);
					}
				});

				it(`${family.operation} / ${at}: offers exactly the allowed values`, () => {
					for (const field of family.fields.filter((f) => f.placement === 'main')) {
						const rule = rules[field.name];
						if (!rule?.values || field.type === 'optionList') continue;
						const visible = description.properties.filter(
							(p) => p.name === field.name && NodeHelpers.displayParameter(values, p, node, description),
						);
						assert.equal(visible.length, 1, `one visible ${field.name} parameter for ${at}`);
						// A model taking custom sizes offers them last, as "Custom" (customSize.ts).
						assert.deepEqual(
							(visible[0].options as Array<{ value: unknown }>).map((o) => o.value),
							[...rule.values, ...(rule.customSize ? ['custom'] : [])],
						);
					}
				});
			}
		}

		it(`${family.operation}: Additional Fields offer only fields some model takes, filtered by model`, () => {
			const collection = description.properties.find(
				(p) => p.name === 'additionalFields' && p.displayOptions?.show?.operation?.includes(family.operation),
			);
			if (!family.fields.some((f) => f.placement === 'additional')) {
				assert.equal(collection, undefined, 'no empty collection');
				return;
			}
			assert.ok(collection);
			// A custom size's width and height (customSize.ts) belong to their size field.
			const fieldOf = (name: string) =>
				family.fields.find(
					(f) =>
						f.name === name ||
						((f.type === 'media' || f.type === 'mediaList') && Object.values(mediaParamNames(f)).includes(name)) ||
						(f.type === 'options' && Object.values(customSizeNames(f.name)).includes(name)),
				)?.name;
			for (const option of collection.options as INodeProperties[]) {
				const field = fieldOf(option.name);
				assert.ok(field, `${option.name} belongs to a field`);
				const takers = family.models
					.filter((m) => (family.selector && m.functions ? functionsOf(family, m) : [undefined]).some((fn) => rulesOf(m, fn).fields[field]))
					.map((m) => m.id);
				assert.ok(takers.length > 0, `${option.name} is taken by some model`);
				const shownFor = option.displayOptions?.show?.['/model'];
				if (takers.length < family.models.length) assert.deepEqual(shownFor, takers);
				else assert.equal(shownFor, undefined);
			}
		});
	}

	it('declares the credential, tool usage and an operation subtitle', () => {
		assert.deepEqual(description.credentials, [{ name: 'dashScopeApi', required: true }]);
		assert.equal(description.usableAsTool, true);
		assert.match(String(description.subtitle), /operation/);
	});

	it('gives every parameter name a single type across its variants (saved workflows stay valid)', () => {
		const types = new Map<string, Set<string>>();
		for (const p of description.properties) {
			const set = types.get(p.name) ?? new Set();
			set.add(p.type === 'options' && p.name !== 'operation' && p.name !== 'resource' ? 'options' : p.type);
			types.set(p.name, set);
		}
		// duration is a number input on ranged models and a drop-down on models with a fixed set: both store a number.
		for (const [name, set] of types) if (name !== 'duration') assert.equal(set.size, 1, `${name}: ${[...set].join(', ')}`);
	});
});
