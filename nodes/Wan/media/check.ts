import type { MediaLimits } from '../models/types';
import { FORMAT_KIND, inspectMedia } from './inspect';
import type { MediaFormat, MediaInfo } from './inspect';

/** A file to check: its size, and its first bytes (the whole file, or a head plus the MP4 index). */
export interface MediaFile {
	bytes: number;
	fileName?: string;
	head: Buffer;
	tail?: { offset: number; bytes: Buffer };
}

/** The documents' "MB" is taken as MiB, as the service's own checks count (5 MB = 5 × 1024 × 1024 bytes). */
const MB = 1024 * 1024;

/** Leeway on exact durations: containers round, and the service measures its own way. */
const SECONDS_TOLERANCE = 0.05;

/**
 * Estimated durations (a CBR guess for an MP3 without VBR header) can be far off for VBR files, so they
 * only refuse files that are clearly out of range: more than twice the maximum, or under half the minimum.
 */
const ESTIMATE_FACTOR = 2;

/** Formats the limits name that mean the same detected format. */
const ALIASES: Readonly<Record<string, MediaFormat>> = { jpg: 'jpeg', jpeg: 'jpeg' };

const FORMAT_LABELS: Partial<Record<MediaFormat, string>> = { mov: 'MOV (QuickTime)', webm: 'WEBM/MKV' };

/** Names read letter by letter or starting with a vowel sound take "an". */
const TAKES_AN: ReadonlySet<MediaFormat> = new Set<MediaFormat>(['mp4', 'mp3', 'm4a', 'avi', 'avif', 'aac', 'ogg']);

const canonical = (format: string): string => ALIASES[format.toLowerCase()] ?? format.toLowerCase();

const formatList = (formats: readonly string[]) => {
	const upper = formats.map((f) => f.toUpperCase());
	return upper.length > 1 ? `${upper.slice(0, -1).join(', ')} or ${upper[upper.length - 1]}` : (upper[0] ?? '');
};

/** Rounded up, so a file just over the limit never reads as "5.0 MB; accepts at most 5 MB". */
const megabytes = (bytes: number) => `${(Math.ceil((bytes / MB) * 10) / 10).toFixed(1)} MB`;

const seconds = (s: number) => `${Math.round(s * 100) / 100} s`;

/**
 * Checks a file against what the model accepts, before anything is uploaded or paid for. Returns
 * undefined when nothing speaks against the file, else one message that names the field, the model and
 * the limit, e.g. `Character Image (binary field "data") is 7.2 MB; wan2.2-animate-mix accepts at most 5 MB`.
 *
 * A property that cannot be read from the bytes (the duration of an unusual file, the size of a JPEG
 * whose frame header lies beyond the head, a format we do not recognise when the model also accepts
 * formats we cannot recognise) is not held against the file: the service checks every input again,
 * and refusing a good file would be worse than letting the service refuse a bad one.
 */
export function checkMedia(fieldLabel: string, modelId: string, limits: MediaLimits, file: MediaFile): string | undefined {
	if (limits.maxMb && file.bytes > limits.maxMb * MB) {
		return `${fieldLabel} is ${megabytes(file.bytes)}; ${modelId} accepts at most ${limits.maxMb} MB`;
	}
	const info = inspectMedia(file.head, { totalBytes: file.bytes, tail: file.tail });
	const formatProblem = checkFormat(fieldLabel, modelId, limits, info, file.fileName);
	if (formatProblem) return formatProblem;
	return checkPixels(fieldLabel, modelId, limits, info) ?? checkDuration(fieldLabel, modelId, limits, info);
}

function checkFormat(label: string, model: string, limits: MediaLimits, info: MediaInfo, fileName?: string): string | undefined {
	if (!limits.formats.length) return undefined;
	const accepted = new Set(limits.formats.map(canonical));
	const named = fileName ? ` ("${fileName}")` : '';
	if (info.format === undefined) {
		// Only refuse when every accepted format is one we can recognise; otherwise it may be one we cannot.
		if (![...accepted].every((format) => format in FORMAT_KIND)) return undefined;
		return `${label}${named} is not a ${formatList(limits.formats)} file (judged by its content, not its name); ${model} accepts only ${formatList(limits.formats)}`;
	}
	if (accepted.has(info.format)) return undefined;
	const what = `${FORMAT_LABELS[info.format] ?? info.format.toUpperCase()} ${FORMAT_KIND[info.format]}`;
	return `${label}${named} is ${TAKES_AN.has(info.format) ? 'an' : 'a'} ${what}; ${model} accepts ${formatList(limits.formats)}`;
}

function checkPixels(label: string, model: string, limits: MediaLimits, info: MediaInfo): string | undefined {
	const { width, height } = info;
	if (!width || !height) return undefined;
	const size = `${width}×${height} px`;
	const shorter = Math.min(width, height);
	const longer = Math.max(width, height);
	if ((limits.minPx && shorter < limits.minPx) || (limits.maxPx && longer > limits.maxPx)) {
		const range =
			limits.minPx && limits.maxPx
				? `between ${limits.minPx} and ${limits.maxPx} px`
				: limits.minPx
					? `at least ${limits.minPx} px`
					: `at most ${limits.maxPx} px`;
		return `${label} is ${size}; ${model} needs each side ${range}`;
	}
	if (limits.maxAspect && longer / shorter > limits.maxAspect) {
		const ratio = Math.round((longer / shorter) * 10) / 10;
		const shape = width >= height ? `${ratio}:1` : `1:${ratio}`;
		return `${label} is ${size} (aspect ratio ${shape}); ${model} accepts 1:${limits.maxAspect} to ${limits.maxAspect}:1`;
	}
	return undefined;
}

function checkDuration(label: string, model: string, limits: MediaLimits, info: MediaInfo): string | undefined {
	const length = info.seconds;
	if (length === undefined || (limits.minSeconds === undefined && limits.maxSeconds === undefined)) return undefined;
	const min = limits.minSeconds;
	const max = limits.maxSeconds;
	const tooShort = min !== undefined && (info.estimated ? length * ESTIMATE_FACTOR < min : length < min - SECONDS_TOLERANCE);
	const tooLong = max !== undefined && (info.estimated ? length > max * ESTIMATE_FACTOR : length > max + SECONDS_TOLERANCE);
	if (!tooShort && !tooLong) return undefined;
	const range = min !== undefined && max !== undefined ? `${min} to ${max} s` : min !== undefined ? `at least ${min} s` : `at most ${max} s`;
	return `${label} is ${info.estimated ? 'about ' : ''}${seconds(length)} long; ${model} accepts ${range}`;
}
