/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
/**
 * Boots the pieces of n8n-core that the CLI would otherwise set up at start-up:
 * the DI container, the Logger (captured), InstanceSettings and a BinaryDataService per run.
 *
 * PITFALL: n8n-core 2.8.1 ships its OWN nested copies of @n8n/di, @n8n/config and
 * @n8n/backend-common (node_modules/n8n-core/node_modules/@n8n/*), while other devDependencies
 * (@n8n/node-cli) hoist newer, incompatible versions to the top level. n8n-core's internals call
 * `Container.get(...)` on the nested @n8n/di, so everything here is resolved FROM n8n-core's own
 * location. Importing '@n8n/di' from the repo root would give a second, empty container.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { BinaryDataConfig, BinaryDataService, ErrorReporter, InstanceSettings } from 'n8n-core';
import type { Logger as WorkflowLogger } from 'n8n-workflow';

// ---------------------------------------------------------------------------------------------
// Modules resolved from n8n-core's own dependency tree
// ---------------------------------------------------------------------------------------------

type AnyClass<T = unknown> = abstract new (...args: any[]) => T;

interface DIContainer {
	get<T>(type: AnyClass<T>): T;
	set<T>(type: AnyClass<T>, instance: T): void;
	has(type: AnyClass): boolean;
}

/** The n8n-core Logger type, taken from a constructor that n8n-core itself declares. */
export type CoreLogger = ConstructorParameters<typeof BinaryDataService>[2];

interface LoggingSettings {
	level: string;
	outputs: string[];
	format: string;
	scopes: string[];
	[key: string]: unknown;
}
interface GlobalConfigLike {
	logging: LoggingSettings;
	[key: string]: unknown;
}
type LoggerCtor = new (
	globalConfig: GlobalConfigLike,
	instanceSettingsConfig: unknown,
	options?: { isRoot?: boolean },
) => CoreLogger & { getInternalLogger(): WinstonLoggerLike };

interface WinstonLoggerLike {
	clear(): unknown;
	add(transport: unknown): unknown;
}
interface WinstonLike {
	format: {
		combine(...formats: unknown[]): unknown;
		timestamp(): unknown;
		metadata(): unknown;
		json(): unknown;
	};
	transports: { Stream: new (options: { stream: Writable; format?: unknown }) => unknown };
}

export const coreRequire = createRequire(require.resolve('n8n-core'));
const di = coreRequire('@n8n/di') as { Container: DIContainer };
const backendCommon = coreRequire('@n8n/backend-common') as { Logger: LoggerCtor };
const n8nConfig = coreRequire('@n8n/config') as {
	GlobalConfig: AnyClass<GlobalConfigLike>;
	InstanceSettingsConfig: AnyClass<unknown>;
};
const winston = createRequire(coreRequire.resolve('@n8n/backend-common'))('winston') as WinstonLike;

export const Container = di.Container;
const LoggerClass = backendCommon.Logger as unknown as LoggerCtor & AnyClass<CoreLogger>;

// ---------------------------------------------------------------------------------------------
// Scratch space
// ---------------------------------------------------------------------------------------------

let scratchRoot: string | undefined;
let runCounter = 0;

export function scratchDir(): string {
	if (!scratchRoot) {
		scratchRoot = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
		const root = scratchRoot;
		process.once('exit', () => {
			if (process.env.N8N_HARNESS_KEEP_TMP !== 'true') rmSync(root, { recursive: true, force: true });
		});
	}
	return scratchRoot;
}

export function newRunDir(label: string): string {
	const dir = path.join(scratchDir(), `${label}-${++runCounter}`);
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** Set env vars while `fn` runs (config classes read env when the DI container builds them). */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
	const saved: Record<string, string | undefined> = {};
	for (const [key, value] of Object.entries(vars)) {
		saved[key] = process.env[key];
		process.env[key] = value;
	}
	try {
		return fn();
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Logging: n8n's real Logger (winston), with its transport replaced by an in-memory capture
// ---------------------------------------------------------------------------------------------

let logSink: string[] | undefined;

class CaptureStream extends Writable {
	override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void) {
		const text = chunk.toString().replace(/\n$/, '');
		logSink?.push(text);
		if (process.env.N8N_HARNESS_PRINT_LOGS === 'true') process.stderr.write(`[n8n] ${text}\n`);
		done();
	}
}

/** Collect everything n8n's logger prints while `fn` runs. */
export async function captureLogs<T>(fn: (logs: string[]) => Promise<T>): Promise<{ value: T; logs: string[] }> {
	const logs: string[] = [];
	logSink = logs;
	try {
		const value = await fn(logs);
		// Winston writes to its transports asynchronously; let pending writes land.
		await new Promise((resolve) => setImmediate(resolve));
		return { value, logs };
	} finally {
		if (logSink === logs) logSink = undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// One-time bootstrap (what the CLI's BaseCommand.init does for these services)
// ---------------------------------------------------------------------------------------------

let booted = false;

export function bootstrap(): void {
	if (booted) return;
	const userFolder = path.join(scratchDir(), 'n8n-user');
	mkdirSync(userFolder, { recursive: true });

	withEnv({ N8N_USER_FOLDER: userFolder, N8N_LOG_LEVEL: 'debug' }, () => {
		const globalConfig = Container.get(n8nConfig.GlobalConfig);
		const instanceSettingsConfig = Container.get(n8nConfig.InstanceSettingsConfig);
		// Logging settings for the harness: everything down to debug, JSON-formatted, no console.
		const harnessGlobalConfig: GlobalConfigLike = {
			...globalConfig,
			logging: { ...globalConfig.logging, level: 'debug', outputs: ['console'], format: 'json', scopes: [] },
		};
		// Root logger: its constructor also calls LoggerProxy.init(this), as in the CLI.
		const logger = new LoggerClass(harnessGlobalConfig, instanceSettingsConfig);
		const internal = logger.getInternalLogger();
		internal.clear();
		internal.add(
			new winston.transports.Stream({
				stream: new CaptureStream(),
				format: winston.format.combine(
					winston.format.timestamp(),
					winston.format.metadata(),
					winston.format.json(),
				),
			}) as never,
		);
		Container.set(LoggerClass, logger);

		// Real InstanceSettings (creates <tmp>/n8n-user/.n8n/config with a fresh encryption key).
		Container.get(InstanceSettings);
		Container.get(ErrorReporter);

		// Every ExecuteContext pulls in SSHClientsManager, whose constructor starts a 60 s cleanup
		// interval that the CLI stops at shutdown. Unref it so a test process can exit by itself.
		const { SSHClientsManager } = coreRequire('./execution-engine/ssh-clients-manager') as {
			SSHClientsManager: AnyClass<{ cleanupTimer?: NodeJS.Timeout }>;
		};
		Container.get(SSHClientsManager).cleanupTimer?.unref();
	});
	booted = true;
}

export function getLogger(): WorkflowLogger {
	bootstrap();
	return Container.get(LoggerClass) as unknown as WorkflowLogger;
}

export function getErrorReporter(): ErrorReporter {
	bootstrap();
	return Container.get(ErrorReporter);
}

// ---------------------------------------------------------------------------------------------
// Binary data: a fresh, real BinaryDataService per run, configured through env + DI like the CLI
// ---------------------------------------------------------------------------------------------

export type BinaryDataMode = 'filesystem' | 'default';

export async function installBinaryDataService(
	mode: BinaryDataMode,
	storagePath: string,
): Promise<BinaryDataService> {
	bootstrap();
	const service = withEnv(
		{ N8N_DEFAULT_BINARY_DATA_MODE: mode, N8N_BINARY_DATA_STORAGE_PATH: storagePath },
		() => {
			// Drop the cached singletons so the DI factories build new ones from the env above
			// (@Config classes read env in their DI factory).
			Container.set(BinaryDataConfig, undefined as unknown as BinaryDataConfig);
			Container.set(BinaryDataService, undefined as unknown as BinaryDataService);
			return Container.get(BinaryDataService);
		},
	);
	await service.init();
	return service;
}

/** Serialises harness operations: the DI singletons and the log sink are process-global. */
let queue: Promise<unknown> = Promise.resolve();
export async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
	const result = queue.then(fn, fn);
	queue = result.catch(() => undefined);
	return await result;
}
