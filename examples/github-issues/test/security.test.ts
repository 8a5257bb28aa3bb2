import { fileURLToPath } from 'node:url';
import { securitySuite } from '@stack-plugin/test-harness';

const API = 'https://api.github.com/repos/acme/app';
const issue = {
  number: 1,
  title: 'An issue',
  state: 'open',
  labels: [{ name: 'bug' }],
  user: { login: 'ada' },
  html_url: 'https://github.com/acme/app/issues/1',
  comments: 0,
  updated_at: '2025-05-01T10:00:00Z',
};

// Fuzzing, hostile payloads, timeouts, undeclared capability use, secret leaks (the suite
// hands the plugin a canary GITHUB_TOKEN and looks for it in outputs, logs and errors) and
// declared against used permissions. The declared-isolation check needs the plugin built
// into one bundle (`stack-plugin build`); in this workspace tests run from sources, so it is
// left to the plugin's own CI (`npm run build && npm test` in a published plugin).
securitySuite(fileURLToPath(new URL('..', import.meta.url)), {
  isolation: false,
  config: { owner: 'acme', repo: 'app', retryDelayMs: 0 },
  net: [
    { method: 'GET', url: `${API}/issues/*`, response: { json: issue } },
    { method: 'GET', url: `${API}/issues`, response: { json: [issue] } },
    { method: 'POST', url: `${API}/issues`, response: { status: 201, json: issue } },
  ],
});
