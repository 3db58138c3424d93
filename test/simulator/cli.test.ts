/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The demo CLI starts a working simulator, prints its URL and key, and stops cleanly on SIGINT.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from '@jest/globals';

it('cli.js serves the API with the given key until SIGINT', async () => {
	const env = { ...process.env };
	delete env.NODE_TEST_CONTEXT; // the CLI stays idle when it is itself run as a test file
	const dir = mkdtempSync(join(tmpdir(), 'wan-cli-'));
	const requestLog = join(dir, 'requests.jsonl');
	const child = spawn(
		process.execPath,
		[join(__dirname, 'cli.js'), '--port', '0', '--file-port=0', '--key', 'sk-cli-test', '--request-log', requestLog],
		{
			env,
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	try {
		let out = '';
		child.stdout.setEncoding('utf8');
		const base = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', (chunk: string) => {
				out += chunk;
				const m = /API base URL: (\S+)/.exec(out);
				if (m && /API key: +sk-cli-test/.test(out)) resolve(m[1] as string);
			});
			child.once('exit', () => reject(new Error(`exited early: ${out}`)));
		});
		const ok = await fetch(`${base}/tasks/abc`, { headers: { Authorization: 'Bearer sk-cli-test' } });
		assert.equal(ok.status, 200);
		assert.equal(((await ok.json()) as { output: { task_status: string } }).output.task_status, 'UNKNOWN');
		const demoKey = await fetch(`${base}/tasks/abc`, { headers: { Authorization: 'Bearer sk-simulator-demo' } });
		assert.equal(demoKey.status, 401, '--key replaces the demo key');
		child.kill('SIGINT');
		const [code] = await once(child, 'exit');
		assert.equal(code, 0);
		// --request-log: one JSON line per API request, as the e2e tests read it.
		const logged = readFileSync(requestLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { method: string; path: string; status: number });
		assert.deepEqual(
			logged.map(({ method, path, status }) => ({ method, path, status })),
			[
				{ method: 'GET', path: '/api/v1/tasks/abc', status: 200 },
				{ method: 'GET', path: '/api/v1/tasks/abc', status: 401 },
			],
		);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
});
