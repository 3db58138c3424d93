/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Benchmark 5 (diagnosis for benchmark 4): where the memory of a streamed result goes, without the rest of n8n.
// For each installed n8n target, a fresh process of that install's Node streams one result from the simulator to
// disk the way filesystem binary mode does, through n8n's own request helper of that install, through plain
// node:http, through the helper in 8 MiB Range requests, and through the helper with forced young-generation GCs (bench/memory-stack-child.ts). It prints the
// peak RSS growth and the peak of process.memoryUsage().arrayBuffers (Buffers alive or not yet collected).
//
//   npm run bench -- memory-stack        (MEMORY_N8N_SIZES_MB, MEMORY_N8N_TARGETS as for memory-n8n)
import path from 'node:path';

import { startSimulator } from '../test/simulator';
import { submitOk, waitFor } from '../test/simulator/testkit';
import { fmtMB, fmtS, log, MODEL } from './lib';
import type { Row } from './lib';
import { childEnv, locate, runSampled, sizesMiB } from './memory-n8n';

const MiB = 1024 * 1024;
const VARIANTS = ['n8n-helper', 'node-http', 'n8n-ranges', 'n8n-helper+gc'] as const;
const command = 'npm run bench -- memory-stack';

interface ChildOut {
	node?: string;
	growth?: number;
	arrayBuffers?: number;
	ms?: number;
	ok?: boolean;
	size?: number;
	error?: string;
}

export async function benchMemoryStack(): Promise<Row[]> {
	const versions = (process.env.MEMORY_N8N_TARGETS ?? '2.8.4 2.41.1').split(/[\s,]+/).filter(Boolean);
	const sizes = sizesMiB();
	log('## 5. Where the memory goes: one streamed result written to disk like filesystem mode, in a fresh process of each install\'s Node');
	log('   peak RSS growth / peak growth of process.memoryUsage().arrayBuffers (Buffers alive or awaiting garbage collection)');
	const rows: Row[] = [];
	const sim = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0 });
	try {
		for (const version of versions) {
			const target = locate(version);
			if (typeof target === 'string') {
				log(`  n8n ${version}: SKIPPED — ${target}`);
				continue;
			}
			log(`  n8n ${version}:`);
			for (const mib of sizes) {
				sim.setVideoBytes(mib * MiB);
				const taskId = await submitOk(sim, { model: MODEL, input: { prompt: 'stack' }, parameters: { size: '1280*720', duration: 5 } });
				const url = (await waitFor(sim, taskId, ['SUCCEEDED'])).output.video_url as string;
				const parts: string[] = [];
				for (const variant of VARIANTS) {
					const res = await runSampled(target.node, [path.join(__dirname, 'memory-stack-child.js'), target.dir, variant, url, String(mib * MiB)], childEnv(), __dirname, 600_000);
					let out: ChildOut;
					try {
						out = JSON.parse(res.stdout.trim().split('\n').pop() as string) as ChildOut;
					} catch {
						out = { error: `no result (code ${res.code}): ${res.stderr.slice(-200)}` };
					}
					const text = out.error || !out.ok ? `ERROR ${out.error ?? `wrote ${out.size} bytes`}` : `${fmtMB(out.growth as number)} / ${fmtMB(out.arrayBuffers as number)} (${fmtS(out.ms as number)})`;
					parts.push(`${variant} ${text}`);
					rows.push({
						benchmark: `5 memory-stack: n8n ${version} (Node ${out.node ?? '?'}), ${mib} MiB, ${variant}: RSS / arrayBuffers growth`,
						measured: out.error || !out.ok ? 'ERROR' : `${fmtMB(out.growth as number)} / ${fmtMB(out.arrayBuffers as number)}`,
						target: 'info',
						command,
					});
				}
				log(`    ${String(mib).padStart(5)} MiB: ${parts.join('; ')}`);
			}
		}
	} finally {
		await sim.close();
	}
	log();
	return rows;
}
