import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression, connectionProblem, DEFAULT_REGION, REGIONS, WORKSPACE_ONLY_REGIONS } from '../nodes/Wan/models/shared/regions';

export class DashScopeApi implements ICredentialType {
	name = 'dashScopeApi';

	displayName = 'DashScope (Alibaba Cloud Model Studio) API';

	icon: Icon = { light: 'file:../nodes/Wan/wan.svg', dark: 'file:../nodes/Wan/wan.dark.svg' };

	documentationUrl = 'https://www.alibabacloud.com/help/en/model-studio/get-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A Model Studio API key of the selected region (each region has its own keys)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: REGIONS.map((region) => ({ name: region.name, value: region.id })),
			default: DEFAULT_REGION,
			description: 'Where the key, the models and the generated files live',
		},
		{
			displayName:
				'This region is served only on workspace hosts: enter the Workspace ID of your Model Studio workspace in this region below (Model Studio console → workspace details).',
			name: 'workspaceNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { region: WORKSPACE_ONLY_REGIONS.map((region) => region.id) } },
		},
		{
			displayName: 'Workspace ID',
			name: 'workspaceId',
			type: 'string',
			default: '',
			description:
				'Uses the workspace host https://{WorkspaceId}.{region}.maas.aliyuncs.com. Required for Germany (Frankfurt) and Japan (Tokyo), which have no shared host; optional elsewhere.',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://dashscope.aliyuncs.com/api/v1',
			description:
				'Optional. A gateway, proxy or local simulator ending in /api/v1. Takes precedence over region and workspace.',
		},
	];

	/**
	 * Bearer auth. Germany (Frankfurt) and Japan (Tokyo) have no shared host: without a Workspace ID there is no
	 * URL to call, so the credential test (and any call) fails here with words instead of "Invalid URL".
	 */
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		const problem = connectionProblem({
			region: credentials.region as string,
			workspaceId: credentials.workspaceId as string,
			baseUrl: credentials.baseUrl as string,
		});
		if (problem) throw new Error(problem);
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.apiKey as string}` } };
	};

	// Listing one task is cheap, account-scoped and answers 401 InvalidApiKey for a wrong or foreign-region key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(),
			url: '/tasks',
			method: 'GET',
			qs: { page_no: 1, page_size: 1 },
		},
	};
}
