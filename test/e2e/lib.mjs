// Helpers for the end-to-end tests in real n8n (see run-e2e.sh and e2e.mjs).
// Plain ESM JavaScript on purpose: it runs on the system Node (20) and only spawns n8n, which may
// run on another Node; it needs no build step and no dependency.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A TCP port that was free a moment ago on 127.0.0.1 (distinct from every port handed out before). */
const handedOut = new Set();
export async function freePort() {
	for (let tries = 0; tries < 50; tries++) {
		const port = await new Promise((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const { port: p } = srv.address();
				srv.close(() => resolve(p));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port found');
}

/** Resolves when something accepts TCP connections on host:port (or rejects after timeoutMs). */
export async function waitForPort(port, timeoutMs, host = '127.0.0.1') {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const ok = await new Promise((resolve) => {
			const s = net.connect({ port, host });
			s.once('connect', () => {
				s.destroy();
				resolve(true);
			});
			s.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * Runs a command to its end, in its own process group (so a timeout kills its children too).
 * Resolves { code, signal, stdout, stderr, ms, timedOut }; never rejects on a non-zero exit.
 */
export function run(cmd, args, { env, cwd, timeoutMs = 240_000, logFile, uid, gid } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		const out = [];
		const err = [];
		child.stdout.on('data', (c) => out.push(c));
		child.stderr.on('data', (c) => err.push(c));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const res = {
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				ms: Date.now() - started,
				timedOut,
			};
			if (logFile) {
				fs.writeFileSync(
					logFile,
					`$ ${cmd} ${args.join(' ')}\n# exit code=${code} signal=${signal} ms=${res.ms} timedOut=${timedOut}\n` +
						`----- stdout -----\n${res.stdout}\n----- stderr -----\n${res.stderr}\n`,
				);
			}
			resolve(res);
		});
	});
}

export function killGroup(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/**
 * Starts a long-running process (simulator, n8n start) in its own process group and collects its
 * output. `waitFor(regex, ms)` resolves with the match once the combined output matches.
 * `uid`/`gid` run it as another user (e.g. PostgreSQL, which refuses to run as root).
 */
export function startBackground(cmd, args, { env, cwd, logFile, uid, gid } = {}) {
	const child = spawn(cmd, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const log = logFile ? fs.createWriteStream(logFile) : null;
	const waiters = [];
	const onData = (c) => {
		const s = c.toString('utf8');
		output += s;
		log?.write(s);
		for (const w of [...waiters]) {
			const m = w.re.exec(output);
			if (m) {
				waiters.splice(waiters.indexOf(w), 1);
				clearTimeout(w.timer);
				w.resolve(m);
			}
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	child.on('close', (code, signal) => {
		log?.end(`\n# exited code=${code} signal=${signal}\n`);
		for (const w of waiters.splice(0)) {
			clearTimeout(w.timer);
			w.reject(new Error(`${cmd} exited (code=${code} signal=${signal}) before printing ${w.re}:\n${output.slice(-3000)}`));
		}
	});
	return {
		child,
		get output() {
			return output;
		},
		waitFor(re, ms) {
			const m = re.exec(output);
			if (m) return Promise.resolve(m);
			if (child.exitCode !== null || child.signalCode !== null) {
				return Promise.reject(new Error(`${cmd} is not running:\n${output.slice(-3000)}`));
			}
			return new Promise((resolve, reject) => {
				const w = { re, resolve, reject };
				w.timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(w), 1);
					reject(new Error(`${cmd} did not print ${re} within ${ms} ms:\n${output.slice(-3000)}`));
				}, ms);
				waiters.push(w);
			});
		},
		/** Signals the process group (default SIGTERM), SIGKILL after 10 s; resolves once it exited. */
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const closed = new Promise((r) => child.once('close', r));
			killGroup(child, signal);
			const t = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
			await closed;
			clearTimeout(t);
		},
	};
}

/**
 * `n8n execute --rawOutput` prints the execution as pretty JSON through its logger, on stdout, mixed
 * with log lines before it (task broker, python runner, license SDK…) and, on failure, an error
 * after it. Finds every top-level object that starts on a line that is exactly "{", takes the
 * balanced text (string-aware brace matching, so braces inside base64 or messages don't count) and
 * returns the last one that parses and looks like an execution; null if none.
 */
export function extractExecutionJson(stdout) {
	const found = [];
	const re = /^\{[ \t]*\r?$/gm;
	let m;
	while ((m = re.exec(stdout))) {
		const end = matchBrace(stdout, m.index);
		if (end < 0) continue;
		const text = stdout.slice(m.index, end + 1);
		try {
			const obj = JSON.parse(text);
			if (obj && typeof obj === 'object' && (obj.data?.resultData || 'finished' in obj || 'status' in obj)) {
				found.push(obj);
				re.lastIndex = end + 1;
			}
		} catch {
			/* a log line that happened to be "{" — try the next one */
		}
	}
	return found.length ? found[found.length - 1] : null;
}

function matchBrace(s, start) {
	let depth = 0;
	let inStr = false;
	for (let i = start; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (inStr) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */) inStr = false;
			continue;
		}
		if (c === 34) inStr = true;
		else if (c === 123 /* { */) depth++;
		else if (c === 125 /* } */) {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/**
 * Walks the top-level ISO-BMFF boxes of an MP4. Returns the list of box types; throws if the
 * sizes don't tile the buffer exactly.
 */
export function mp4TopLevelBoxes(buf) {
	const types = [];
	let off = 0;
	while (off < buf.length) {
		if (off + 8 > buf.length) throw new Error(`truncated box header at offset ${off} of ${buf.length}`);
		let size = buf.readUInt32BE(off);
		const type = buf.toString('latin1', off + 4, off + 8);
		if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Error(`box type at offset ${off} is not printable: ${JSON.stringify(type)}`);
		let header = 8;
		if (size === 1) {
			if (off + 16 > buf.length) throw new Error(`truncated largesize box at offset ${off}`);
			size = Number(buf.readBigUInt64BE(off + 8));
			header = 16;
		} else if (size === 0) {
			size = buf.length - off; // box extends to the end of the file
		}
		if (size < header) throw new Error(`box ${type} at offset ${off} has size ${size}`);
		if (off + size > buf.length) throw new Error(`box ${type} at offset ${off} (size ${size}) overruns the file (${buf.length} bytes)`);
		types.push(type);
		off += size;
	}
	return types;
}

export function assertMp4(buf) {
	if (buf.length < 16) throw new Error(`MP4 too short: ${buf.length} bytes`);
	const at4 = buf.toString('latin1', 4, 8);
	if (at4 !== 'ftyp') throw new Error(`expected "ftyp" at offset 4, found ${JSON.stringify(at4)}`);
	const boxes = mp4TopLevelBoxes(buf);
	if (!boxes.includes('moov')) throw new Error(`no moov box among top-level boxes: ${boxes.join(',')}`);
	return boxes;
}

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Every http(s) URL found in any string of a JSON value. */
export function urlsIn(value, acc = []) {
	if (typeof value === 'string') {
		for (const m of value.matchAll(/https?:\/\/[^\s"'<>]+/g)) acc.push(m[0]);
	} else if (Array.isArray(value)) {
		for (const v of value) urlsIn(v, acc);
	} else if (value && typeof value === 'object') {
		for (const v of Object.values(value)) urlsIn(v, acc);
	}
	return acc;
}

export function copyDir(src, dest) {
	fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
}

export function sanitizeId(s, max = 16) {
	const clean = s.replace(/[^A-Za-z0-9]/g, '');
	return clean.slice(0, max) || 'wf';
}

/**
 * The environment for child processes: without the test runner's NODE_TEST_CONTEXT (the simulator's
 * CLI refuses to start a server under `node --test`) and without the caller's n8n/npm/Node settings.
 */
export function childEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|QUEUE_|EXECUTIONS_|npm_|NODE_OPTIONS$|NODE_PATH$|NODE_TEST_CONTEXT$)/.test(k)) continue;
		env[k] = v;
	}
	return env;
}

/**
 * An n8n installed by install-n8n.sh in `<cache>/n8n-<version>/`: the Node it was installed for
 * (from its env.sh) and its CLI. Throws with the install command when it is missing.
 */
export function locateN8n(cache, version, nodeMajor) {
	const dir = path.join(cache, `n8n-${version}`);
	if (!fs.existsSync(path.join(dir, '.installed'))) {
		throw new Error(`n8n ${version} is not installed in ${dir}: run test/e2e/install-n8n.sh ${version} ${nodeMajor}`);
	}
	const envSh = fs.readFileSync(path.join(dir, 'env.sh'), 'utf8');
	const m = /export PATH="([^:"]+):/.exec(envSh);
	if (!m) throw new Error(`cannot read the Node bin dir from ${dir}/env.sh`);
	const nodeBinDir = m[1];
	const n8nBin = path.join(dir, 'node_modules/n8n/bin/n8n');
	if (!fs.existsSync(n8nBin)) throw new Error(`missing ${n8nBin}`);
	return { version, nodeMajor, dir, nodeBinDir, node: path.join(nodeBinDir, 'node'), n8nBin };
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes` the way n8n installs community packages
 * (own package.json, no scripts, no peer auto-install: n8n-workflow@latest does not build on Node 20).
 */
export async function installPackage(tarball, userFolder, { logFile } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	const res = await run(
		'npm',
		['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--package-lock=false', '--bin-links=false', '--no-audit', '--no-fund'],
		{ cwd: nodesDir, env: childEnv(), timeoutMs: 300_000, logFile },
	);
	if (res.code !== 0) throw new Error(`npm install of ${tarball} failed (code ${res.code}):\n${res.stderr}`);
	const manifest = path.join(nodesDir, 'node_modules/n8n-nodes-wan/package.json');
	if (!fs.existsSync(manifest)) throw new Error(`npm install did not create ${manifest}`);
	return nodesDir;
}

export function rel(p) {
	return path.relative(process.cwd(), p) || '.';
}

/**
 * What run-e2e.sh hands every e2e test file: the packed package, the scratch folder, the n8n install cache, the
 * simulator CLI and the n8n targets ("version:nodeMajor …").
 */
export function e2eSettings() {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
	const tarball = process.env.E2E_TARBALL;
	const work = process.env.E2E_WORK;
	if (!tarball || !work) throw new Error('E2E_TARBALL and E2E_WORK must be set (use test/e2e/run-e2e.sh)');
	return {
		root,
		tarball,
		work,
		cache: path.resolve(process.env.E2E_CACHE || path.join(root, '.cache')),
		simulator: path.resolve(process.env.E2E_SIMULATOR || path.join(root, 'build/test/simulator/cli.js')),
		targets: (process.env.E2E_TARGETS || '2.8.4:20 2.41.1:24')
			.split(/[\s,]+/)
			.filter(Boolean)
			.map((t) => {
				const [version, nodeMajor] = t.split(':');
				return { version, nodeMajor };
			}),
	};
}

/** n8n settings every e2e process gets: no telemetry, no update or template calls (no internet here). */
export const QUIET_N8N_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
};
