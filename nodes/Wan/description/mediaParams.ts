import type { FieldDef } from '../models/types';

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
		// A list takes several binary fields, comma-separated.
		binaryProperty: field.type === 'mediaList' ? `${base}BinaryProperties` : `${base}BinaryProperty`,
		subject: field.label.replace(/ URLs?$/, ''),
	};
}

/** A media value taken from binary data instead of URLs; each file becomes an oss:// URL after upload. */
export interface BinaryMediaValue {
	binaryProperties: string[];
}

export function isBinaryMediaValue(value: unknown): value is BinaryMediaValue {
	return typeof value === 'object' && value !== null && Array.isArray((value as BinaryMediaValue).binaryProperties);
}

/** "data, data_2" → ["data", "data_2"] */
export function splitNames(text: string): string[] {
	return text
		.split(/[,\s]+/)
		.map((name) => name.trim())
		.filter(Boolean);
}

export const DEFAULT_BINARY_PROPERTY = 'data';
