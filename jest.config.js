// Jest runs the tests compiled by `npm run build:test` (build/test/**/*.test.js): tsc is the one
// TypeScript compiler, and n8n-core's real WorkflowExecute runs as in production.
// Two projects: the whole suite with zod 3 (the zod n8n ships), and the unit tests again with zod 4
// resolved for our own code, proving the node uses only the API common to both majors.
const common = { testEnvironment: 'node', testMatch: ['**/*.test.js'] };

module.exports = {
	testTimeout: 120_000,
	maxWorkers: 2,
	projects: [
		{ ...common, displayName: 'zod 3', roots: ['<rootDir>/build/test'], globals: { EXPECTED_ZOD_MAJOR: 3 } },
		{
			...common,
			displayName: 'zod 4',
			roots: ['<rootDir>/build/test/unit'],
			resolver: '<rootDir>/test/jest/zod4-resolver.cjs',
			globals: { EXPECTED_ZOD_MAJOR: 4 },
		},
	],
};
