const { src, dest, parallel } = require('gulp');

// tsc emits only JavaScript: icons and codex files must travel into dist/ beside the built nodes.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports['build:assets'] = parallel(copyIcons, copyCodex);
exports.default = exports['build:assets'];
