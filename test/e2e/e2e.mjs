// End-to-end tests of the packed n8n-nodes-wan package inside REAL n8n (headless CLI), against the
// DashScope simulator. Started by test/e2e/run-e2e.sh, which installs n8n, builds and packs first:
//
//   node --test --test-reporter=spec test/e2e/e2e.mjs
//
// Environment (run-e2e.sh sets the first three):
//   E2E_TARBALL      the `npm pack` tarball of the package under test (required)
//   E2E_WORK         scratch folder for user folders, logs and workflow files (required)
//   E2E_TARGETS      n8n targets, "version:nodeMajor" separated by spaces/commas (default "2.8.4:20 2.41.1:24")
//   E2E_CACHE        where install-n8n.sh put n8n-<version>/ (default <repo>/.cache)
//   E2E_SIMULATOR    simulator CLI (default <repo>/build/test/simulator/cli.js)
//   E2E_EXAMPLES     folder of workflow JSON files (default <repo>/examples)
//   E2E_REST=0       skip the credential test through n8n's REST API (n8n start)
//   E2E_GREP         a regular expression: run only the tests whose name matches (the setup still runs in full)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';

import {
	assertMp4,
	childEnv,
	copyDir,
	e2eSettings,
	extractExecutionJson,
	freePort,
	installPackage,
	locateN8n,
	QUIET_N8N_ENV,
	run,
	sanitizeId,
	sha256,
	startBackground,
	urlsIn,
	waitForPort,
} from './lib.mjs';
import { startOpenAiStub } from './openai-stub.mjs';

const { root: ROOT, tarball: TARBALL, work: WORK, cache: CACHE, simulator: SIMULATOR, targets: TARGETS } = e2eSettings();
const EXAMPLES = path.resolve(process.env.E2E_EXAMPLES || path.join(ROOT, 'examples'));
const REST = process.env.E2E_REST !== '0';
const ONLY = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP) : null;
/** Test options: skipped unless the name matches E2E_GREP (when set). */
const only = (name) => (ONLY && !ONLY.test(name) ? { skip: `E2E_GREP=${ONLY.source}` } : {});

const NODE_TYPE = 'n8n-nodes-wan.wan';
/** The same node as an AI Agent's tool: n8n registers a `…Tool` variant of every `usableAsTool` node. */
const TOOL_TYPE = 'n8n-nodes-wan.wanTool';
const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
/** The chat model of agent workflows: OpenAI's node, its credential's base URL pointed at the local stub. */
const LLM_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
const LLM_CRED_TYPE = 'openAiApi';
const STUB_CRED = { id: 'wanE2eCredStub01', name: 'OpenAI-compatible stub' };
const CRED_TYPE = 'dashScopeApi';
const GOOD_KEY = 'sk-simulator-demo';
// Distinctive, so that finding it anywhere in n8n's output is a real leak and not a coincidence.
const BAD_KEY = `sk-e2e-wrong-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const ENCRYPTION_KEY = 'n8n-nodes-wan-e2e-fixed-encryption-key';
const GOOD_CRED = { id: 'wanE2eCredGood01', name: 'DashScope (simulator)' };
const BAD_CRED = { id: 'wanE2eCredBad001', name: 'DashScope (wrong key)' };
const EXEC_TIMEOUT_MS = 240_000;
/** Wait nodes of the examples (long jobs) wait this long in headless runs. */
const SHORT_WAIT_SECONDS = 3;

// ---------------------------------------------------------------------------------------------
// Example workflows: read once, rewritten per target (credential ids, workflow ids).

function loadExamples() {
	if (!fs.existsSync(EXAMPLES)) return [];
	const files = fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort();
	const used = new Set();
	const out = [];
	for (const file of files) {
		const parsed = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
		const list = Array.isArray(parsed) ? parsed : [parsed];
		list.forEach((wf, n) => {
			if (!Array.isArray(wf.nodes)) return;
			const wanNodes = wf.nodes.filter((node) => node.type === NODE_TYPE);
			const toolNodes = wf.nodes.filter((node) => node.type === TOOL_TYPE);
			const agent = wf.nodes.some((node) => node.type === AGENT_TYPE);
			let id = typeof wf.id === 'string' && wf.id ? wf.id : null;
			if (!id || used.has(id)) {
				const stem = sanitizeId(path.basename(file, '.json'), 13);
				id = `wan${stem}`;
				for (let k = 2; used.has(id); k++) id = `wan${stem.slice(0, 11)}${k}`;
			}
			used.add(id);
			out.push({ file: list.length > 1 ? `${file}#${n}` : file, id, wf, wanNodes, toolNodes, agent });
		});
	}
	return out;
}

/** A copy of the workflow ready to import: fixed id, our credential on every Wan node, no pinned data. */
function prepareWorkflow(wf, id, cred, name) {
	const copy = structuredClone(wf);
	copy.id = id;
	copy.name = name ?? copy.name ?? id;
	copy.active = false;
	copy.settings = { executionOrder: 'v1', ...(copy.settings ?? {}) };
	copy.connections ??= {};
	delete copy.pinData;
	for (const node of copy.nodes) {
		if (node.type === NODE_TYPE || node.type === TOOL_TYPE || node.credentials?.[CRED_TYPE]) {
			node.credentials = { ...(node.credentials ?? {}), [CRED_TYPE]: { id: cred.id, name: cred.name } };
		}
		if (node.type === LLM_TYPE || node.credentials?.[LLM_CRED_TYPE]) {
			node.credentials = { ...(node.credentials ?? {}), [LLM_CRED_TYPE]: { id: STUB_CRED.id, name: STUB_CRED.name } };
		}
		// A Wait node of minutes parks the execution in the database; headless runs wait a few seconds instead
		// (the simulator's tasks take 2 s), which n8n keeps in-process.
		if (node.type === 'n8n-nodes-base.wait' && node.parameters?.amount !== undefined) {
			node.parameters = { ...node.parameters, amount: SHORT_WAIT_SECONDS, unit: 'seconds' };
		}
	}
	return copy;
}

const EXAMPLES_LIST = loadExamples();

// ---------------------------------------------------------------------------------------------
// One n8n target

class Target {
	constructor({ version, nodeMajor }) {
		this.version = version;
		this.nodeMajor = nodeMajor;
		this.dir = path.join(CACHE, `n8n-${version}`);
		this.work = path.join(WORK, `n8n-${version}`);
		this.template = path.join(this.work, 'template');
		this.runs = 0;
	}

	/** Checks the install made by install-n8n.sh and finds the Node it was installed for. */
	locate() {
		const found = locateN8n(CACHE, this.version, this.nodeMajor);
		this.nodeBinDir = found.nodeBinDir;
		this.node = found.node;
		this.n8nBin = found.n8nBin;
	}

	env(userFolder, extra = {}) {
		return {
			...childEnv(),
			PATH: `${this.nodeBinDir}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			...QUIET_N8N_ENV,
			// The result JSON of `execute --rawOutput` is printed at info level: warn/error hide it.
			N8N_LOG_LEVEL: 'info',
			N8N_DEFAULT_BINARY_DATA_MODE: 'default',
			// No N8N_RESTRICT_FILE_ACCESS_TO: examples must run with n8n's default file access (~/.n8n-files only).
			...extra,
		};
	}

	async n8n(args, userFolder, { extraEnv = {}, label, timeoutMs = EXEC_TIMEOUT_MS } = {}) {
		const n = ++this.runs;
		const env = this.env(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
		const logFile = path.join(this.work, 'logs', `${String(n).padStart(2, '0')}-${label ?? args[0].replace(/\W/g, '_')}.log`);
		const res = await run(this.node, [this.n8nBin, ...args], { env, cwd: this.work, timeoutMs, logFile });
		res.logFile = logFile;
		return res;
	}

	/** A fresh user folder, copied from the template (DB migrated, credentials + workflows imported). */
	freshUserFolder(name) {
		const dest = path.join(this.work, 'users', name);
		fs.rmSync(dest, { recursive: true, force: true });
		copyDir(this.template, dest);
		return dest;
	}
}

function describeRun(res) {
	const tail = (s) => s.split('\n').slice(-25).join('\n');
	return `exit code=${res.code} signal=${res.signal} timedOut=${res.timedOut} after ${res.ms} ms (full log: ${res.logFile})\n--- stdout (tail) ---\n${tail(res.stdout)}\n--- stderr (tail) ---\n${tail(res.stderr)}`;
}

/** Asserts the process ended well and returns the parsed execution. A signal after a complete, successful JSON is only a warning. */
function successfulExecution(t, res) {
	const exec = extractExecutionJson(res.stdout);
	assert.ok(!res.timedOut, `n8n execute timed out\n${describeRun(res)}`);
	assert.ok(exec, `no execution JSON found in stdout\n${describeRun(res)}`);
	const ok = exec.status === 'success' && exec.finished === true;
	if (res.signal && ok) {
		t.diagnostic(`WARNING: n8n exited by ${res.signal} after a complete successful execution (known crash on exit, see n8n-headless.md)`);
	} else {
		assert.equal(res.code, 0, `n8n execute failed\n${describeRun(res)}`);
	}
	assert.equal(exec.status, 'success', `execution status\n${describeRun(res)}`);
	assert.equal(exec.finished, true, 'execution finished');
	return exec;
}

/** An import command succeeded: exit 0, or a signal (known crash on exit) after its success line. */
function assertImported(res, successLine) {
	assert.ok(!res.timedOut, `timed out\n${describeRun(res)}`);
	assert.match(res.stdout, successLine, `import did not report success\n${describeRun(res)}`);
	if (!res.signal) assert.equal(res.code, 0, `import failed\n${describeRun(res)}`);
}

function assertNoKeyLeak(res, key) {
	for (const [stream, text] of [
		['stdout', res.stdout],
		['stderr', res.stderr],
	]) {
		const at = text.indexOf(key);
		assert.equal(at, -1, `the API key appears in ${stream} at offset ${at}: …${text.slice(Math.max(0, at - 200), at + 50)}…`);
	}
}

/** The output items of a node's last run, main output 0. */
function nodeItems(exec, nodeName) {
	const runs = exec.data?.resultData?.runData?.[nodeName];
	assert.ok(Array.isArray(runs) && runs.length, `node "${nodeName}" did not run; ran: ${Object.keys(exec.data?.resultData?.runData ?? {}).join(', ')}`);
	const last = runs[runs.length - 1];
	assert.ok(!last.error, `node "${nodeName}" errored: ${JSON.stringify(last.error)?.slice(0, 1000)}`);
	const items = last.data?.main?.[0];
	assert.ok(Array.isArray(items) && items.length, `node "${nodeName}" produced no items`);
	return items;
}

const MAGIC = [
	['video/mp4', (b) => b.toString('latin1', 4, 8) === 'ftyp'],
	['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
	['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['image/webp', (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP'],
];

/** Checks one binary's bytes: MP4 box structure for video, a matching file signature otherwise. */
function assertMedia(bin, bytes, mustBeVideo) {
	if (mustBeVideo) assert.equal(bin.mimeType, 'video/mp4', 'binary mimeType');
	if (typeof bin.bytes === 'number') assert.equal(bin.bytes, bytes.length, 'binary.bytes vs decoded length');
	if (bin.mimeType === 'video/mp4') {
		assertMp4(bytes);
		return;
	}
	const magic = MAGIC.find(([mime]) => mime === bin.mimeType);
	assert.ok(magic, `unexpected mimeType ${bin.mimeType}`);
	assert.ok(magic[1](bytes), `bytes do not look like ${bin.mimeType}`);
	if (bin.mimeType === 'image/png') assertPngDecodes(bytes);
	if (bin.mimeType === 'image/jpeg') assertJpegComplete(bytes);
}

/** The PNG decodes: chunks intact, the inflated image data holds exactly one filtered row per line. */
function assertPngDecodes(bytes) {
	let offset = 8;
	let header;
	const data = [];
	for (;;) {
		assert.ok(offset + 12 <= bytes.length, 'PNG ends before IEND');
		const length = bytes.readUInt32BE(offset);
		const type = bytes.toString('latin1', offset + 4, offset + 8);
		const body = bytes.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], color: body[9] };
		if (type === 'IDAT') data.push(body);
		offset += 12 + length;
		if (type === 'IEND') break;
	}
	assert.ok(header, 'PNG without IHDR');
	const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[header.color];
	const rowBytes = 1 + Math.ceil((header.width * channels * header.depth) / 8);
	const pixels = zlib.inflateSync(Buffer.concat(data));
	assert.equal(pixels.length, rowBytes * header.height, `PNG ${header.width}×${header.height}: image data of the wrong size`);
}

/** The JPEG is whole: a frame header with a size, and the end-of-image marker. */
function assertJpegComplete(bytes) {
	assert.ok(bytes.includes(Buffer.from([0xff, 0xc0])) || bytes.includes(Buffer.from([0xff, 0xc2])), 'JPEG without a frame header');
	assert.ok(bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9, 'JPEG without its end marker');
}

/**
 * The files the simulator served for a task: asks the simulator's task endpoint (the same DashScope
 * API the node used) and downloads every URL in its output; falls back to URLs in the item's JSON.
 */
async function servedFiles(sim, taskId, itemJson) {
	let urls = [];
	try {
		const r = await fetch(`${sim.apiBase}/tasks/${encodeURIComponent(taskId)}`, {
			headers: { Authorization: `Bearer ${GOOD_KEY}` },
		});
		if (r.ok) urls = urlsIn((await r.json()).output ?? {});
	} catch {
		/* fall back below */
	}
	urls.push(...urlsIn(itemJson));
	urls = [...new Set(urls)].filter((u) => !u.startsWith(sim.apiBase));
	const files = [];
	for (const u of urls) {
		try {
			const r = await fetch(u);
			if (r.ok) files.push({ url: u, bytes: Buffer.from(await r.arrayBuffer()) });
		} catch {
			/* not a file of the simulator */
		}
	}
	return files;
}

async function assertWanOutput(sim, exec, wanNodes, readBinary) {
	let checked = 0;
	for (const node of wanNodes) {
		// Avatar generations are videos too (Avatar → Detect has no file and is not used by the examples).
		const mustBeVideo = ['video', 'task', 'avatar'].includes(node.parameters?.resource);
		const items = nodeItems(exec, node.name);
		for (const [i, item] of items.entries()) {
			const where = `node "${node.name}" item ${i}`;
			const json = item.json ?? {};
			if (node.parameters?.operation === 'detect') {
				// A synchronous check: its verdict is the output (no task, no file), for the workflow to branch on.
				assert.equal(typeof json.pass, 'boolean', `${where}: json.pass (json: ${JSON.stringify(json).slice(0, 300)})`);
				assert.equal(item.binary, undefined, `${where}: a check has no file`);
				checked++;
				continue;
			}
			// A synchronous generation (messages models while waiting) has no task: its request ID names it.
			const synchronous = json.taskId === null && typeof json.requestId === 'string';
			if (!synchronous) {
				assert.equal(typeof json.taskId, 'string', `${where}: json.taskId (json: ${JSON.stringify(json).slice(0, 500)})`);
				assert.ok(json.taskId.length > 0, `${where}: json.taskId empty`);
			}
			if (node.parameters?.options?.waitForCompletion === false) {
				// Submitted only (long jobs): a task ID to pick up later, no file yet.
				assert.ok(['PENDING', 'RUNNING'].includes(json.status), `${where}: status ${json.status} of a submitted task`);
				assert.equal(item.binary, undefined, `${where}: no file before the task finished`);
				continue;
			}
			assert.equal(json.status, 'SUCCEEDED', `${where}: json.status`);
			const bin = item.binary?.data;
			assert.ok(bin, `${where}: no binary.data (binary keys: ${Object.keys(item.binary ?? {}).join(', ') || 'none'})`);
			const bytes = await readBinary(bin, where);
			assertMedia(bin, bytes, mustBeVideo);
			const served = await servedFiles(sim, json.taskId ?? '', json);
			assert.ok(served.length, `${where}: could not fetch any file the simulator served for task ${json.taskId}`);
			const mine = sha256(bytes);
			assert.ok(
				served.some((f) => sha256(f.bytes) === mine),
				`${where}: binary (${bytes.length} B, sha256 ${mine}) differs from what the simulator served: ` +
					served.map((f) => `${f.url} ${f.bytes.length} B ${sha256(f.bytes)}`).join('; '),
			);
			checked++;
		}
	}
	assert.ok(checked > 0, 'no Wan node output was checked');
	return checked;
}

/** "Read/Write Files from Disk" nodes that write: every file they report was written and, for .mp4, is an MP4. */
function assertWrittenFiles(exec, wf) {
	const writers = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.readWriteFile' && n.parameters?.operation === 'write');
	for (const node of writers) {
		for (const [i, item] of nodeItems(exec, node.name).entries()) {
			const file = item.json?.fileName;
			assert.ok(typeof file === 'string' && fs.existsSync(file), `node "${node.name}" item ${i}: file ${file} not written`);
			if (file.endsWith('.mp4')) assertMp4(fs.readFileSync(file));
		}
	}
}

// ---------------------------------------------------------------------------------------------
// The node as an AI Agent's tool

/** Lines of the simulator's --request-log: one API request each ({method, path, status}). */
function readSimLog(file) {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

const textOf = (content) => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p?.text ?? '').join('') : '');

/** The tool results a chat-completions request carried (the agent's `tool` messages), in order. */
function toolResults(body) {
	return (body.messages ?? []).filter((m) => m.role === 'tool').map((m) => ({ id: m.tool_call_id, content: textOf(m.content) }));
}

/**
 * Trigger → AI Agent (the stub as its OpenAI chat model) with Wan Text to Video (wan2.6-t2v) as its tool, prompt and
 * duration from `$fromAI`, every setting at its default. The stub first asks for 60 s (refused: 2 to 15), then 5 s.
 */
function agentToolWorkflow() {
	const call = (duration) => `STUB_CALL Make_video ${JSON.stringify({ prompt: 'A red fox running through fresh snow', duration })}`;
	return {
		name: 'e2e: AI Agent with the Wan tool',
		nodes: [
			{ id: 'a1', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2',
				name: 'AI Agent',
				type: AGENT_TYPE,
				typeVersion: 3,
				position: [220, 0],
				parameters: { promptType: 'define', text: `${call(60)}\n${call(5)}`, options: {} },
			},
			{
				id: 'a3',
				name: 'Chat Model',
				type: LLM_TYPE,
				typeVersion: 1.2,
				position: [160, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'stub-model' }, options: {} },
			},
			{
				id: 'a4',
				name: 'Make video',
				type: TOOL_TYPE,
				typeVersion: 1,
				position: [360, 220],
				parameters: {
					resource: 'video',
					operation: 'textToVideo',
					model: 'wan2.6-t2v',
					prompt: "={{ $fromAI('prompt', 'What the video shows', 'string') }}",
					duration: "={{ $fromAI('duration', 'Length of the video in seconds', 'number') }}",
				},
			},
		],
		connections: {
			Run: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Make video': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

/**
 * An example with an AI Agent (the long-job pattern): the agent answered; a tool started a task without waiting
 * (PENDING/RUNNING, no file) and the last tool answer is the finished task with a result URL serving the video.
 */
async function assertAgentExample(exec, ex, requests) {
	const agent = ex.wf.nodes.find((node) => node.type === AGENT_TYPE);
	const output = nodeItems(exec, agent.name)[0].json.output;
	assert.ok(typeof output === 'string' && output.length, `agent output: ${JSON.stringify(output)}`);
	for (const node of ex.toolNodes) assert.ok(exec.data.resultData.runData[node.name]?.length, `tool "${node.name}" never ran`);
	const answers = requests.flatMap((r) => toolResults(r.body)).filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i);
	assert.ok(answers.length >= 2, `the model saw ${answers.length} tool answer(s): ${JSON.stringify(answers)}`);
	const items = answers.map((a) => JSON.parse(a.content)).map((parsed) => (Array.isArray(parsed) ? parsed[0] : parsed));
	assert.ok(['PENDING', 'RUNNING'].includes(items[0].status) && items[0].taskId, `the first tool answer starts a task: ${answers[0].content}`);
	const last = items.at(-1);
	assert.equal(last.status, 'SUCCEEDED', `the last tool answer: ${answers.at(-1).content}`);
	assert.equal(last.taskId, items[0].taskId, 'the task checked is the task started');
	const file = await fetch(last.resultUrl);
	assert.equal(file.status, 200, `result URL ${last.resultUrl}`);
	assertMp4(Buffer.from(await file.arrayBuffer()));
	assert.match(output, new RegExp(last.taskId), 'the final answer carries the task');
	return answers.length;
}

const inlineBinary = (bin, where) => {
	assert.equal(typeof bin.data, 'string', `${where}: binary.data.data`);
	assert.ok(!bin.id, `${where}: binary stored by reference (${bin.id}) although N8N_DEFAULT_BINARY_DATA_MODE=default`);
	return Buffer.from(bin.data, 'base64');
};

function fileBinary(userFolder) {
	return (bin, where) => {
		assert.equal(typeof bin.id, 'string', `${where}: filesystem mode must give binary.id, got ${JSON.stringify(bin).slice(0, 300)}`);
		const m = /^([\w-]+):(.+)$/.exec(bin.id);
		assert.ok(m, `${where}: binary id ${bin.id}`);
		const [, mode, rel] = m;
		assert.match(mode, /^filesystem/, `${where}: binary mode of ${bin.id}`);
		const candidates = [path.join(userFolder, '.n8n/storage', rel), path.join(userFolder, '.n8n/binaryData', rel)];
		const file = candidates.find((f) => fs.existsSync(f));
		assert.ok(file, `${where}: binary file not on disk; looked at ${candidates.join(', ')}`);
		assert.ok(file.startsWith(userFolder + path.sep), 'binary file inside the user folder');
		const bytes = fs.readFileSync(file);
		assert.ok(!bin.data || bin.data.length < 100, `${where}: filesystem mode still carries inline data`);
		return bytes;
	};
}

// ---------------------------------------------------------------------------------------------

describe('e2e setup', () => {
	it('has example workflows that use the Wan node', () => {
		assert.ok(fs.existsSync(TARBALL), `tarball ${TARBALL}`);
		assert.ok(EXAMPLES_LIST.length > 0, `no workflows in ${EXAMPLES}/*.json`);
		assert.ok(
			EXAMPLES_LIST.some((e) => e.wanNodes.length),
			`no workflow in ${EXAMPLES} uses node type ${NODE_TYPE}`,
		);
	});
});

for (const spec of TARGETS) {
	describe(`n8n ${spec.version} on Node ${spec.nodeMajor}`, { concurrency: false }, () => {
		const target = new Target(spec);
		const sim = {};
		const runnable = EXAMPLES_LIST.filter((e) => e.wanNodes.length || e.toolNodes.length);
		// Operation-level cases reuse the first text-to-video example (else the first runnable one).
		const pick = () => runnable.find((e) => e.wanNodes.some((n) => n.parameters?.operation === 'textToVideo')) ?? runnable[0];
		const NEG_ID = 'wanE2eWrongKey01';
		const AGENT_ID = 'wanE2eAgentTool1';
		const stub = {};
		const simLog = path.join(target.work, 'simulator-requests.jsonl');

		before(async () => {
			target.locate();
			fs.rmSync(target.work, { recursive: true, force: true });
			fs.mkdirSync(path.join(target.work, 'logs'), { recursive: true });

			// 1. The simulator: free ports, wait until it prints its base URL and listens.
			assert.ok(fs.existsSync(SIMULATOR), `simulator not built: ${SIMULATOR} (npm run build:test?)`);
			const [port, filePort] = [await freePort(), await freePort()];
			sim.proc = startBackground(
				process.execPath,
				[SIMULATOR, '--port', String(port), '--file-port', String(filePort), '--task-seconds', '2', '--request-log', simLog],
				{ cwd: ROOT, env: childEnv(), logFile: path.join(target.work, 'logs', 'simulator.log') },
			);
			const m = await sim.proc.waitFor(new RegExp(`https?://[\\w.\\[\\]-]+:${port}(/[\\w/.-]*)?`), 20_000);
			sim.apiBase = m[0].replace(/\/+$/, '');
			if (!/\/api\/v\d+$/.test(sim.apiBase)) sim.apiBase = `http://127.0.0.1:${port}/api/v1`;
			await waitForPort(port, 10_000);
			await waitForPort(filePort, 10_000);

			// Nothing is prepared for the examples: they make their own inputs (they run right after import).

			// 1b. The model of agent workflows: a local OpenAI-compatible stub (in this process, it records what it got).
			Object.assign(stub, await startOpenAiStub({ checkPauseMs: 1000 }));

			// 2. The template user folder: our package installed like n8n installs community packages.
			const nodesDir = await installPackage(TARBALL, target.template, { logFile: path.join(target.work, 'logs', 'npm-install-package.log') });
			assert.ok(fs.existsSync(path.join(nodesDir, 'node_modules/n8n-nodes-wan/package.json')), 'package installed');

			// 3. Credentials (good + wrong key) and all workflows, imported once into the template.
			const creds = [
				{ ...GOOD_CRED, type: CRED_TYPE, data: { apiKey: GOOD_KEY, region: 'cn-beijing', baseUrl: sim.apiBase } },
				{ ...BAD_CRED, type: CRED_TYPE, data: { apiKey: BAD_KEY, region: 'cn-beijing', baseUrl: sim.apiBase } },
				{ ...STUB_CRED, type: LLM_CRED_TYPE, data: { apiKey: 'sk-openai-stub', url: stub.baseUrl } },
			];
			const credFile = path.join(target.work, 'credentials.json');
			fs.writeFileSync(credFile, JSON.stringify(creds, null, 2));
			const ic = await target.n8n(['import:credentials', `--input=${credFile}`], target.template);
			assertImported(ic, /Successfully imported 3 credentials/);
			fs.rmSync(credFile); // holds the keys in clear

			const wfs = runnable.map((e) => prepareWorkflow(e.wf, e.id, GOOD_CRED));
			if (runnable.length) {
				const neg = pick();
				wfs.push(prepareWorkflow(neg.wf, NEG_ID, BAD_CRED, `e2e wrong key (${neg.file})`));
			}
			wfs.push(prepareWorkflow(agentToolWorkflow(), AGENT_ID, GOOD_CRED));
			const wfFile = path.join(target.work, 'workflows.json');
			fs.writeFileSync(wfFile, JSON.stringify(wfs, null, 2));
			const iw = await target.n8n(['import:workflow', `--input=${wfFile}`], target.template);
			assertImported(iw, new RegExp(`Successfully imported ${wfs.length} workflows?`));
		});

		after(async () => {
			await sim.proc?.stop();
			await stub.close?.();
		});

		for (const ex of runnable) {
			const name = `example ${ex.file} (workflow ${ex.id}) runs and returns the served video`;
			it(name, only(name), async (t) => {
				const userFolder = target.freshUserFolder(ex.id);
				const seen = stub.requests.length;
				const res = await target.n8n(['execute', `--id=${ex.id}`, '--rawOutput'], userFolder, { label: `execute-${ex.id}` });
				const exec = successfulExecution(t, res);
				assertNoKeyLeak(res, GOOD_KEY);
				const n = ex.wanNodes.length ? await assertWanOutput(sim, exec, ex.wanNodes, inlineBinary) : 0;
				const m = ex.agent ? await assertAgentExample(exec, ex, stub.requests.slice(seen)) : 0;
				assertWrittenFiles(exec, ex.wf);
				t.diagnostic(`${n} item(s) and ${m} tool answer(s) checked in ${res.ms} ms`);
			});
		}

		const agentName = 'AI Agent with the Wan tool: a refused call goes back to the model, nothing is sent, the corrected call creates one task';
		it(agentName, only(agentName), async (t) => {
			const userFolder = target.freshUserFolder(AGENT_ID);
			const seen = stub.requests.length;
			const sent = readSimLog(simLog).length;
			const res = await target.n8n(['execute', `--id=${AGENT_ID}`, '--rawOutput'], userFolder, { label: 'execute-agent-tool' });
			// Default settings (no On Error → Continue anywhere): the refusal must not end the execution.
			const exec = successfulExecution(t, res);
			assertNoKeyLeak(res, GOOD_KEY);
			const requests = stub.requests.slice(seen);
			assert.equal(requests.length, 3, `the model was asked ${requests.length} times (tool call, tool call, answer expected)`);

			// The model was told the selected model's limits in the tool description.
			const tool = requests[0].body.tools?.map((entry) => entry.function ?? entry).find((fn) => fn.name === 'Make_video');
			assert.ok(tool, `no Make_video tool offered: ${JSON.stringify(requests[0].body.tools)?.slice(0, 500)}`);
			assert.match(tool.description, /wan2\.6-t2v/, 'the tool description names the selected model');
			assert.match(tool.description, /Duration \(Seconds\) \(duration\): 2 to 15/, `the duration limits are in the tool description: ${tool.description}`);
			assert.deepEqual(Object.keys(tool.parameters?.properties ?? {}).sort(), ['duration', 'prompt'], 'the $fromAI keys are the tool arguments');

			// 1. The refused call (60 s): its refusal reached the model as the tool result, nothing was sent to DashScope.
			const refusal = toolResults(requests[1].body)[0];
			assert.ok(refusal, 'no tool result in the second request');
			const refused = JSON.parse(refusal.content);
			const refusedItem = Array.isArray(refused) ? refused[0] : refused;
			assert.match(String(refusedItem.error), /Duration.*2 to 15.*got 60/, `refusal text: ${refusal.content}`);
			assert.equal(refusedItem.field, 'duration', `refusal names the field: ${refusal.content}`);
			assert.match(String(refusedItem.allowed), /2 to 15/, `refusal says what is allowed: ${refusal.content}`);
			assert.equal(refusedItem.nothingSent, true);

			// 2. The corrected call (5 s): one task, a compact answer with the result URL.
			const answer = toolResults(requests[2].body).at(-1);
			const items = JSON.parse(answer.content);
			assert.equal(items.length, 1, `one item: ${answer.content}`);
			const [item] = items;
			assert.equal(item.status, 'SUCCEEDED', `tool answer: ${answer.content}`);
			assert.equal(typeof item.taskId, 'string');
			assert.match(String(item.resultUrl), /^https?:\/\//, `a result URL: ${answer.content}`);
			for (const padded of ['actualPrompt', 'origPrompt', 'usage', 'submitTime', 'requestId']) assert.ok(!(padded in item), `compact: no ${padded} (${answer.content})`);
			if (item.cost) assert.ok(!JSON.stringify(item.cost).includes(' '), `cost holds codes and numbers only, no sentences: ${JSON.stringify(item.cost)}`);
			assert.ok(answer.content.length < 700, `compact answer (${answer.content.length} characters): ${answer.content}`);
			const file = await fetch(item.resultUrl);
			assert.equal(file.status, 200, 'the result URL serves the file');
			assertMp4(Buffer.from(await file.arrayBuffer()));

			// The simulator's request log: exactly one task submitted during this run (the refused call sent nothing).
			const submitted = readSimLog(simLog).slice(sent).filter((r) => r.method === 'POST' && /\/services\//.test(r.path));
			assert.equal(submitted.length, 1, `task submissions: ${JSON.stringify(submitted)}`);

			// Return As was not set: the tool returned the URL, no file was downloaded into its output.
			const runs = exec.data.resultData.runData['Make video'] ?? [];
			assert.equal(runs.length, 2, 'the tool node ran twice');
			for (const run of runs) {
				const out = run.data?.ai_tool?.[0] ?? run.data?.main?.[0] ?? [];
				assert.ok(out.every((entry) => !entry.binary), 'no binary in the tool output');
			}
			// The agent finished with the model's final answer, which saw the tool result.
			const agentOut = nodeItems(exec, 'AI Agent')[0].json.output;
			assert.match(String(agentOut), /Done\. Last tool result: .*resultUrl/, `agent output: ${agentOut}`);
			t.diagnostic(`refusal: ${refusal.content} | answer (${answer.content.length} chars): ${answer.content}`);
		});

		it('filesystem binary mode writes the video to disk', only('filesystem binary mode writes the video to disk'), async (t) => {
			const ex = pick();
			assert.ok(ex, 'no runnable example');
			const userFolder = target.freshUserFolder(`fs-${ex.id}`);
			const res = await target.n8n(['execute', `--id=${ex.id}`, '--rawOutput'], userFolder, {
				label: `execute-fs-${ex.id}`,
				extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
			});
			const exec = successfulExecution(t, res);
			assertNoKeyLeak(res, GOOD_KEY);
			await assertWanOutput(sim, exec, ex.wanNodes, fileBinary(userFolder));
		});

		it('a wrong API key fails the execution (exit 1) without printing the key', only('a wrong API key fails the execution'), async () => {
			assert.ok(pick(), 'no runnable example');
			const userFolder = target.freshUserFolder('wrong-key');
			const res = await target.n8n(['execute', `--id=${NEG_ID}`, '--rawOutput'], userFolder, { label: 'execute-wrong-key' });
			assert.ok(!res.timedOut, `timed out\n${describeRun(res)}`);
			assertNoKeyLeak(res, BAD_KEY);
			assertNoKeyLeak(res, GOOD_KEY);
			assert.equal(res.code, 1, `expected exit code 1\n${describeRun(res)}`);
			const exec = extractExecutionJson(res.stdout);
			if (exec) assert.notEqual(exec.status, 'success', 'execution status with a wrong key');
			assert.match(res.stdout, /Execution was NOT successful/, `n8n reports the failure\n${describeRun(res)}`);
			// …and it is the authentication failure, not some other error (wrong URL, crash, …).
			assert.match(
				res.stdout + res.stderr,
				/\b401\b|InvalidApiKey|Invalid API-key|Unauthori[sz]ed|Authorization failed/i,
				`the failure is not an authentication error\n${describeRun(res)}`,
			);
		});

		if (REST) {
			it('credential test through the REST API: good key OK, wrong key Error', only('credential test through the REST API'), async (t) => {
				await restCredentialTest(t, target, sim);
			});
		}
	});
}

// ---------------------------------------------------------------------------------------------
// Stretch: `n8n start` + owner setup + POST /rest/credentials/test

async function restCredentialTest(t, target, sim) {
	const userFolder = target.freshUserFolder('rest');
	const port = await freePort();
	const env = target.env(userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	});
	const server = startBackground(target.node, [target.n8nBin, 'start'], {
		env,
		cwd: target.work,
		logFile: path.join(target.work, 'logs', 'n8n-start.log'),
	});
	try {
		const base = `http://127.0.0.1:${port}`;
		// /rest/settings (and /healthz) answer before every controller is mounted: wait for the
		// last start-up line, then retry the owner setup while it is still a 404.
		await server.waitFor(/Editor is now accessible via/, 150_000);
		const post = (p, body, headers = {}) =>
			fetch(`${base}${p}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});

		const owner = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Test', password: 'E2e-password-1234' };
		let setup;
		for (const until = Date.now() + 30_000; ; ) {
			setup = await post('/rest/owner/setup', owner);
			if (setup.status !== 404 || Date.now() > until) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		assert.equal(setup.status, 200, `owner setup: ${setup.status} ${await setup.clone().text()}`);
		// Owner setup already sets the auth cookie; log in anyway, as a user would.
		const login = await post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		assert.equal(login.status, 200, `login: ${login.status} ${await login.clone().text()}`);
		const cookie = cookieOf(login) || cookieOf(setup);
		assert.ok(cookie, 'no auth cookie from login / owner setup');

		// Like the editor: the credential is saved first (here: imported into the template), then
		// tested by id with its (possibly redacted) data; n8n 2.8 answers 403 for an unsaved id.
		const testCred = async (cred, apiKey) => {
			const r = await post(
				'/rest/credentials/test',
				{ credentials: { id: cred.id, name: cred.name, type: CRED_TYPE, data: { apiKey, region: 'cn-beijing', baseUrl: sim.apiBase } } },
				{ cookie, 'browser-id': 'e2e' },
			);
			const text = await r.text();
			assert.equal(r.status, 200, `credentials/test: ${r.status} ${text}`);
			return JSON.parse(text).data;
		};
		const good = await testCred(GOOD_CRED, GOOD_KEY);
		assert.equal(good?.status, 'OK', `good key: ${JSON.stringify(good)}`);
		const bad = await testCred(BAD_CRED, BAD_KEY);
		assert.equal(bad?.status, 'Error', `wrong key: ${JSON.stringify(bad)}`);
		assert.ok(!JSON.stringify(bad).includes(BAD_KEY), 'the wrong key is echoed in the test result');
		t.diagnostic(`good: ${good.message ?? ''} | wrong: ${bad.message ?? ''}`);
	} finally {
		await server.stop();
	}
	assert.ok(!server.output.includes(GOOD_KEY) && !server.output.includes(BAD_KEY), 'an API key appears in the n8n server log');
}

function cookieOf(res) {
	const all = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [res.headers.get('set-cookie') ?? ''];
	const auth = all.map((c) => c.split(';')[0]).filter((c) => c.startsWith('n8n-auth='));
	return auth.join('; ');
}
