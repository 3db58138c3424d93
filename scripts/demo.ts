/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
/**
 * `npm run demo`: generates a video with the Wan node, executed by real n8n-core code, and writes it to
 * output/. By default against the bundled DashScope simulator (no key needed). With DASHSCOPE_API_KEY set
 * it calls the real service instead (DASHSCOPE_REGION, default cn-beijing; costs money).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DashScopeApi } from '../credentials/DashScopeApi.credentials';
import { Wan } from '../nodes/Wan/Wan.node';
import { runNode } from '../test/harness';
import { SIMULATOR_DEMO_KEY, startSimulator } from '../test/simulator';

async function main() {
	const prompt = process.argv.slice(2).join(' ') || 'A small red fox runs through fresh snow at sunrise, cinematic';
	const realKey = process.env.DASHSCOPE_API_KEY;
	// 2 MB lets the simulator encode a sharp picture (its default of 8 KB makes a tiny one).
	const simulator = realKey ? undefined : await startSimulator({ taskSeconds: 3, videoBytes: 2 * 1024 * 1024 });
	const credentials = realKey
		? { apiKey: realKey, region: process.env.DASHSCOPE_REGION ?? 'cn-beijing', workspaceId: '', baseUrl: '' }
		: { apiKey: SIMULATOR_DEMO_KEY, region: 'cn-beijing', workspaceId: '', baseUrl: simulator!.apiBaseUrl };
	console.log(realKey ? `Using the real DashScope service (${credentials.region}).` : `Using the bundled DashScope simulator at ${simulator!.apiBaseUrl}`);
	console.log(`Prompt: ${prompt}\nSubmitting, then waiting for the video…`);
	try {
		const result = await runNode({
			nodeType: new Wan(),
			credentialTypes: [new DashScopeApi()],
			credentials: { dashScopeApi: credentials },
			parameters: { resource: 'video', operation: 'textToVideo', model: 'wan2.6-t2v', prompt, size: '1280*720', duration: 5 },
		});
		if (result.error) throw result.error;
		const item = result.items[0];
		const bytes = await result.readBinary(item, 'data');
		const outputDir = resolve(__dirname, '..', '..', 'output');
		mkdirSync(outputDir, { recursive: true });
		const file = join(outputDir, `wan-${item.json.taskId}.mp4`);
		writeFileSync(file, bytes);
		console.log(JSON.stringify(item.json, null, 2));
		console.log(`\nWrote ${bytes.length} bytes of ${item.binary?.data?.mimeType} to ${file}`);
	} finally {
		await simulator?.close();
	}
}

main().catch((error: Error) => {
	console.error(`Demo failed: ${error.message}${(error as { description?: string }).description ? `\n${(error as { description?: string }).description}` : ''}`);
	process.exitCode = 1;
});
