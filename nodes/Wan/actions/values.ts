import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { composeSize, CUSTOM_SIZE, customSizeNames } from '../request/customSize';
import { DEFAULT_BINARY_PROPERTY, mediaParamNames, splitNames } from '../description/mediaParams';
import { functionsOf, rulesOf } from '../models';
import type { FamilySpec, FieldDef, ModelSpec } from '../models/types';

/**
 * Reads one item's field values: top-level parameters plus the Additional Fields collection, only the
 * fields the model (and, for families with a function selector, the chosen function) takes.
 */
export function readValues(ctx: IExecuteFunctions, family: FamilySpec, model: ModelSpec, itemIndex: number): Record<string, unknown> {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const values: Record<string, unknown> = {};
	let fn: string | undefined;
	if (family.selector) {
		const chosen = ctx.getNodeParameter(family.selector.name, itemIndex, '') as string;
		values[family.selector.name] = chosen;
		fn = functionsOf(family, model).includes(chosen) ? chosen : undefined;
	}
	const rules = rulesOf(model, fn).fields;
	// A main field hidden by the panel (shown only while another field has certain values) has no value: null.
	const read = (field: FieldDef, name: string, fallback: unknown = null) =>
		field.placement === 'main' ? ctx.getNodeParameter(name, itemIndex, fallback) : (additional[name] ?? fallback ?? undefined);
	for (const field of family.fields) {
		if (!rules[field.name]) continue;
		if (field.type === 'media' || field.type === 'mediaList') {
			const names = mediaParamNames(field);
			if (read(field, names.source, 'url') === 'binary') {
				values[field.name] = { binaryProperties: splitNames(String(read(field, names.binaryProperty, DEFAULT_BINARY_PROPERTY))) };
				continue;
			}
		}
		values[field.name] = read(field, field.name);
		// "Custom" size: the width and height beside it make the `W*H` that is checked and sent (customSize.ts).
		if (rules[field.name].customSize && values[field.name] === CUSTOM_SIZE) {
			const names = customSizeNames(field.name);
			values[field.name] = composeSize(read(field, names.width), read(field, names.height)) ?? CUSTOM_SIZE;
		}
	}
	return values;
}
