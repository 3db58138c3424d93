// Resolves `zod` to zod 4 (the `zod4` alias package) for the project's own compiled code only;
// dependencies such as n8n-workflow keep the zod they were built with.
const path = require('node:path');

const BUILD = path.resolve(__dirname, '../../build') + path.sep;

module.exports = (request, options) => {
	if ((request === 'zod' || request.startsWith('zod/')) && options.basedir.startsWith(BUILD)) {
		return options.defaultResolver(request.replace(/^zod/, 'zod4'), options);
	}
	return options.defaultResolver(request, options);
};
