/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { checkMedia } from '../../nodes/Wan/media/check';
import type { MediaFile } from '../../nodes/Wan/media/check';
import { characterSwap } from '../../nodes/Wan/models/video/animate';
import { DRIVING_AUDIO_LIMITS } from '../../nodes/Wan/models/shared/fields';
import type { MediaLimits } from '../../nodes/Wan/models/types';
import { avi, gif, jpeg, mov, mp4, mp4MoovAtEnd, png, silentMp3, wav, webp, xingMp3 } from './media-samples';

const model = characterSwap.models[0];
const IMAGE = model.fields.imageUrl.media as MediaLimits;
const VIDEO = model.fields.videoUrl.media as MediaLimits;
const LABEL = 'Character Image (binary field "data")';

const whole = (bytes: Buffer, fileName?: string): MediaFile => ({ bytes: bytes.length, head: bytes, fileName });

describe('checkMedia', () => {
	it('accepts files within every limit', () => {
		assert.equal(checkMedia(LABEL, model.id, IMAGE, whole(png(720, 1280))), undefined);
		assert.equal(checkMedia(LABEL, model.id, IMAGE, whole(jpeg(4096, 2000))), undefined);
		assert.equal(checkMedia(LABEL, model.id, IMAGE, whole(webp(200, 600, 'VP8L'))), undefined, 'exactly 1:3 and 200 px');
		assert.equal(checkMedia('Video', model.id, VIDEO, whole(mp4())), undefined);
		assert.equal(checkMedia('Video', model.id, VIDEO, whole(mov({ width: 1280, height: 720, seconds: 30 }))), undefined);
		assert.equal(checkMedia('Video', model.id, VIDEO, whole(avi(640, 480, 10))), undefined);
		assert.equal(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(wav(3))), undefined);
		assert.equal(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(silentMp3(5))), undefined);
	});

	it('refuses a file over the size limit, naming field, model and limit', () => {
		const big = png(720, 1280, Math.round(7.15 * 1024 * 1024));
		assert.equal(checkMedia(LABEL, model.id, IMAGE, whole(big)), `${LABEL} is 7.2 MB; wan2.2-animate-mix accepts at most 5 MB`);
		const justOver = png(720, 1280, 5 * 1024 * 1024 + 1);
		assert.match(checkMedia(LABEL, model.id, IMAGE, whole(justOver)) ?? '', /is 5\.1 MB; wan2\.2-animate-mix accepts at most 5 MB/);
		// The size alone decides: no need to read the head.
		assert.match(checkMedia(LABEL, model.id, IMAGE, { bytes: 6 * 1024 * 1024, head: Buffer.alloc(0) }) ?? '', /is 6\.0 MB/);
	});

	it('refuses formats by content, whatever the file is called', () => {
		assert.equal(
			checkMedia(LABEL, model.id, IMAGE, whole(gif(400, 400), 'photo.png')),
			`${LABEL} ("photo.png") is a GIF image; wan2.2-animate-mix accepts JPG, JPEG, PNG, BMP or WEBP`,
		);
		assert.match(checkMedia('Video', model.id, VIDEO, whole(png(400, 400), 'clip.mp4')) ?? '', /is a PNG image; wan2\.2-animate-mix accepts MP4, AVI or MOV/);
		assert.match(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(mp4())) ?? '', /is an MP4 video; wan2\.6-t2v accepts WAV or MP3/);
		assert.equal(
			checkMedia(LABEL, model.id, IMAGE, whole(Buffer.from('<html>not an image</html>'), 'x.jpg')),
			`${LABEL} ("x.jpg") is not a JPG, JPEG, PNG, BMP or WEBP file (judged by its content, not its name); wan2.2-animate-mix accepts only JPG, JPEG, PNG, BMP or WEBP`,
		);
	});

	it('does not refuse an unrecognised file when the model also takes formats we cannot recognise', () => {
		const limits: MediaLimits = { formats: ['mp4', 'mkv2'], maxMb: 10 };
		assert.equal(checkMedia('Video', 'm', limits, whole(Buffer.from('whatever this is'))), undefined);
	});

	it('refuses pixel sizes and aspect ratios out of range', () => {
		assert.equal(checkMedia(LABEL, model.id, IMAGE, whole(png(150, 300))), `${LABEL} is 150×300 px; wan2.2-animate-mix needs each side between 200 and 4096 px`);
		assert.match(checkMedia(LABEL, model.id, IMAGE, whole(jpeg(5000, 3000))) ?? '', /5000×3000 px; .* between 200 and 4096 px/);
		assert.equal(
			checkMedia(LABEL, model.id, IMAGE, whole(png(1000, 4000))),
			`${LABEL} is 1000×4000 px (aspect ratio 1:4); wan2.2-animate-mix accepts 1:3 to 3:1`,
		);
		assert.match(checkMedia('Video', model.id, VIDEO, whole(mp4({ width: 2560, height: 1440 }))) ?? '', /2560×1440 px; .* between 200 and 2048 px/);
	});

	it('refuses durations out of range, from the index wherever it sits', () => {
		assert.equal(checkMedia('Video', model.id, VIDEO, whole(mp4({ seconds: 1.5 }))), 'Video is 1.5 s long; wan2.2-animate-mix accepts 2 to 30 s');
		const long = mp4MoovAtEnd({ seconds: 45, bytes: 512 * 1024 });
		const head = long.subarray(0, 4096);
		assert.equal(checkMedia('Video', model.id, VIDEO, { bytes: long.length, head }), undefined, 'unknown duration is not held against it');
		const moovAt = long.lastIndexOf(Buffer.from('moov', 'latin1')) - 4;
		const tail = { offset: moovAt, bytes: long.subarray(moovAt) };
		assert.equal(checkMedia('Video', model.id, VIDEO, { bytes: long.length, head, tail }), 'Video is 45 s long; wan2.2-animate-mix accepts 2 to 30 s');
		assert.equal(checkMedia('Video', model.id, VIDEO, whole(mp4({ seconds: 30.04 }))), undefined, 'container rounding is tolerated');
		assert.match(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(wav(2))) ?? '', /Audio is 2 s long; wan2\.6-t2v accepts 3 to 30 s/);
		assert.match(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(xingMp3(2000))) ?? '', /is 52\.2\d s long/);
	});

	it('refuses estimated durations only when clearly out of range', () => {
		// A CBR estimate of 40 s may be a 25 s VBR file: left to the service.
		assert.equal(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(silentMp3(40))), undefined);
		assert.match(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(silentMp3(70))) ?? '', /Audio is about 69\.\d+ s long; wan2\.6-t2v accepts 3 to 30 s/);
		assert.equal(checkMedia('Audio', 'wan2.6-t2v', DRIVING_AUDIO_LIMITS, whole(wav(40, { streamed: true }))), undefined);
	});
});
