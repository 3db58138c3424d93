import type { FieldDef } from './models/types';

/**
 * Every media input (image, video, audio …) can come from a URL or from an input item's binary field.
 * One media field `imageUrl` therefore has three parameters: `imageSource` (url | binary), `imageUrl`
 * and `imageBinaryProperty`. Saved workflows without a source keep working: the default is `url`.
 */
export interface MediaParamNames {
	source: string;
	url: string;
	binaryProperty: string;
	/** "Character Image" for "Character Image URL". */
	subject: string;
}

export function mediaParamNames(field: FieldDef): MediaParamNames {
	const base = field.name.replace(/Urls?$/, '');
	return {
		source: `${base}Source`,
		url: field.name,
		binaryProperty: `${base}BinaryProperty`,
		subject: field.label.replace(/ URLs?$/, ''),
	};
}

/** A media value taken from binary data instead of a URL; becomes an oss:// URL after upload. */
export interface BinaryMediaValue {
	binaryProperty: string;
}

export function isBinaryMediaValue(value: unknown): value is BinaryMediaValue {
	return typeof value === 'object' && value !== null && typeof (value as BinaryMediaValue).binaryProperty === 'string';
}

export const DEFAULT_BINARY_PROPERTY = 'data';
