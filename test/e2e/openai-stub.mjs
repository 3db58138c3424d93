// A local OpenAI-compatible chat-completions stub: the "model" of the AI Agent in the e2e tests (no internet).
// It answers POST /v1/chat/completions with a tool call first and, after seeing tool results, a final answer,
// and records every request it received (for the tests to read what the agent sent: tool schemas, descriptions,
// tool results).
//
// What it calls:
// - Scripted: each line `STUB_CALL <tool_name> <json arguments>` of the first user message is one tool call, made in
//   order, one per turn; when all are made, the final answer.
// - Otherwise (the importable example): the long-job pattern. First the tool that takes a `prompt` (every required
//   argument filled: strings from the user's message, numbers 5, booleans false); then, while the last tool result
//   holds a task that is not finished, the tool that takes a `taskId`, with that ID (after a pause, so the task can
//   move on); the final answer once a result URL, a final status or an error comes back (or after MAX_CHECKS).
//
// The final answer is `Done. Last tool result: <that result>`. Answers are streamed (SSE) when the request asks.
//
//   import { startOpenAiStub } from './openai-stub.mjs';
//   const stub = await startOpenAiStub({ checkPauseMs: 1000 });   // stub.baseUrl = http://127.0.0.1:<port>/v1
//   … stub.requests (parsed bodies) … await stub.close();
//
// Standalone: node test/e2e/openai-stub.mjs [port]
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const MAX_CHECKS = 10;
const FINAL_STATUSES = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CANCELLED', 'UNKNOWN']);

const textOf = (content) =>
	typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => part?.text ?? '').join('') : '';

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Tool schemas of the request: name → { required: [...], properties: {...} }. */
function toolsOf(body) {
	const tools = new Map();
	for (const tool of body.tools ?? []) {
		const fn = tool.function ?? tool;
		if (fn?.name) tools.set(fn.name, { properties: fn.parameters?.properties ?? {}, required: fn.parameters?.required ?? [], description: fn.description ?? '' });
	}
	return tools;
}

function fillArguments(tool, userText) {
	const args = {};
	const names = tool.required.length ? tool.required : Object.keys(tool.properties);
	for (const name of names) {
		const type = tool.properties[name]?.type;
		if (type === 'number' || type === 'integer') args[name] = 5;
		else if (type === 'boolean') args[name] = false;
		else args[name] = userText;
	}
	return args;
}

/** The items of a tool result (n8n sends a JSON array of the tool node's output items, or one object). */
function resultItems(content) {
	const parsed = parseJson(textOf(content));
	if (Array.isArray(parsed)) return parsed.flatMap((entry) => (Array.isArray(entry) ? entry : [entry]));
	return parsed && typeof parsed === 'object' ? [parsed] : [];
}

/** What to answer: { call: { name, args } } or { final: text }, and a pause before answering. */
function decide(body, { checkPauseMs }) {
	const messages = body.messages ?? [];
	const userText = textOf(messages.find((m) => m.role === 'user')?.content).trim();
	const toolResults = messages.filter((m) => m.role === 'tool');
	const last = toolResults.at(-1);
	const final = () => ({ final: `Done. Last tool result: ${last ? textOf(last.content) : '(none)'}` });

	const script = [...userText.matchAll(/^STUB_CALL\s+(\S+)\s+(\{.*\})\s*$/gm)].map((m) => ({ name: m[1], args: JSON.parse(m[2]) }));
	if (script.length) return toolResults.length < script.length ? { call: script[toolResults.length] } : final();

	const tools = [...toolsOf(body)];
	const starter = tools.find(([, tool]) => 'prompt' in tool.properties) ?? tools.find(([, tool]) => !('taskId' in tool.properties));
	const checker = tools.find(([, tool]) => 'taskId' in tool.properties);
	if (!last) return starter ? { call: { name: starter[0], args: fillArguments(starter[1], userText) } } : final();
	const items = resultItems(last.content);
	const task = items.find((item) => typeof item?.taskId === 'string');
	const finished = !task || task.resultUrl || FINAL_STATUSES.has(task.status) || items.some((item) => item?.error !== undefined);
	if (finished || !checker || toolResults.length > MAX_CHECKS) return final();
	// The previous call already checked: give the task a moment before asking again.
	const checkedBefore = toolResults.length > 1;
	return { call: { name: checker[0], args: { ...fillArguments(checker[1], userText), taskId: task.taskId } }, pauseMs: checkedBefore ? checkPauseMs : 0 };
}

function completion(body, decision, n) {
	const base = { id: `chatcmpl-stub-${n}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'stub-model' };
	const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	if (decision.call) {
		const toolCall = { id: `call_stub_${n}`, type: 'function', function: { name: decision.call.name, arguments: JSON.stringify(decision.call.args) } };
		return { ...base, message: { role: 'assistant', content: null, tool_calls: [toolCall] }, finishReason: 'tool_calls', usage };
	}
	return { ...base, message: { role: 'assistant', content: decision.final }, finishReason: 'stop', usage };
}

function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

function send(res, body, answer) {
	const { message, finishReason, usage, ...base } = answer;
	if (!body.stream) {
		sendJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }], usage });
		return;
	}
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	const chunk = (delta, finish = null, extra = {}) =>
		res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`);
	if (message.tool_calls) {
		chunk({ role: 'assistant', content: null, tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) });
	} else {
		chunk({ role: 'assistant', content: message.content });
	}
	chunk({}, finishReason);
	if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
	res.end('data: [DONE]\n\n');
}

export async function startOpenAiStub({ port = 0, host = '127.0.0.1', checkPauseMs = 1000 } = {}) {
	const requests = [];
	let answered = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const path = new URL(req.url ?? '/', 'http://stub').pathname.replace(/\/+$/, '');
			if (req.method === 'GET' && path.endsWith('/models')) {
				sendJson(res, 200, { object: 'list', data: [{ id: 'stub-model', object: 'model', created: 0, owned_by: 'stub' }] });
				return;
			}
			if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
				sendJson(res, 404, { error: { message: `The stub answers POST /v1/chat/completions only, not ${req.method} ${path}`, type: 'invalid_request_error' } });
				return;
			}
			const body = parseJson(Buffer.concat(chunks).toString('utf8'));
			if (!body) {
				sendJson(res, 400, { error: { message: 'The body is not JSON', type: 'invalid_request_error' } });
				return;
			}
			let decision;
			try {
				decision = decide(body, { checkPauseMs });
			} catch (error) {
				sendJson(res, 400, { error: { message: `Stub script error: ${error.message}`, type: 'invalid_request_error' } });
				return;
			}
			const n = ++answered;
			requests.push({ at: n, authorization: req.headers.authorization ?? null, body, answer: decision });
			setTimeout(() => send(res, body, completion(body, decision, n)), decision.pauseMs ?? 0);
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address();
	return {
		baseUrl: `http://${host}:${address.port}/v1`,
		port: address.port,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const stub = await startOpenAiStub({ port: Number(process.argv[2] ?? 0) });
	console.log(`OpenAI-compatible stub listening: ${stub.baseUrl}`);
}
