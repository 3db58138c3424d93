/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Starts the simulator for demos: node build/test/simulator/cli.js [--port 8700] [--file-port 8701]
// [--task-seconds 3] [--key sk-...] [--host 127.0.0.1] [--request-log file]. Stays up until SIGINT/SIGTERM.
// --request-log appends one JSON line per API request ({host, method, path, status, at}): what a test run sent.
import { appendFileSync } from 'node:fs';

import { startSimulator, type SimulatorOptions } from './index';

function parseArgs(argv: string[]): SimulatorOptions & { requestLog?: string } {
	const options: SimulatorOptions & { requestLog?: string } = { port: 8700, filePort: 8701 };
	const keys: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i] as string;
		const [name, inline] = flag.includes('=') ? (flag.split(/=(.*)/s, 2) as [string, string]) : [flag, undefined];
		const value = (): string => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${name} needs a value`);
			return v;
		};
		const number = (): number => {
			const v = Number(value());
			if (!Number.isFinite(v) || v < 0) throw new Error(`${name} needs a non-negative number`);
			return v;
		};
		switch (name) {
			case '--port':
				options.port = number();
				break;
			case '--file-port':
				options.filePort = number();
				break;
			case '--task-seconds':
				options.taskSeconds = number();
				break;
			case '--key':
				keys.push(value());
				break;
			case '--host':
				options.host = value();
				break;
			case '--request-log':
				options.requestLog = value();
				break;
			case '--help':
				console.log(
					'Usage: cli.js [--port 8700] [--file-port 8701] [--task-seconds 3] [--key sk-...] [--host 127.0.0.1] [--request-log file]',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${name}`);
		}
	}
	if (keys.length > 0) options.apiKeys = keys;
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sim = await startSimulator(options);
	const requestLog = options.requestLog;
	if (requestLog) {
		// Every API request is pushed to stats.requests when it ends: mirror each one to the file as it comes.
		const requests = sim.stats.requests;
		const push = requests.push.bind(requests);
		requests.push = (...entries) => {
			for (const entry of entries) appendFileSync(requestLog, `${JSON.stringify(entry)}\n`);
			return push(...entries);
		};
	}
	console.log('DashScope simulator running');
	console.log(`  API base URL: ${sim.apiBaseUrl}`);
	console.log(`  API key:      ${sim.key}`);
	console.log(
		`  File host:    ${sim.fileBaseUrl}  (fixtures: ${sim.fixtureUrl('person.png')}, ${sim.fixtureUrl('first-frame.png')}, ${sim.fixtureUrl('dance.mp4')})`,
	);
	console.log('Press Ctrl+C to stop.');
	const stop = (): void => {
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

// `node --test build/` runs every .js under a test/ directory, this file included; do not start a server
// that would never exit there.
if (process.env.NODE_TEST_CONTEXT === undefined) {
	main().catch((err: unknown) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	});
}
