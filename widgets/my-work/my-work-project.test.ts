import { html } from 'lit';
import { expect, it, vi } from 'vitest';
import type { JobsPage, JobStatsData } from '../base/types.ts';
import { apiGet, createJob, env, fixture, makeUser, shadow, text } from '../test/fixtures.ts';
import './define.ts';
import type { MyWork } from './my-work.ts';

it('`project` scopes <my-work> to one project: its jobs and its stats only', async () => {
  const user = await makeUser();
  const alpha = await createJob(user, { project_name: 'Alpha', app_id: 'video-mixer' });
  await createJob(user, { project_name: 'Alpha', app_id: 'video-mixer', prompt: 'a second take' });
  await createJob(user, { project_name: 'Beta', app_id: 'video-mixer' });
  const { project_id } = await apiGet<{ project_id: string }>(`/api/v1/jobs/${alpha.id}`, user.token);
  const el = await fixture<MyWork>(html`<my-work api=${env.api} token=${user.token} project=${project_id} style="--gs-my-work-height: 480px; width: 900px"></my-work>`);
  const expected = await apiGet<JobsPage>(`/api/v1/jobs?project_id=${project_id}`, user.token);
  await vi.waitFor(() => expect([...shadow(el).querySelectorAll<HTMLElement>('[part~=item]')].map((i) => i.dataset.id).sort()).toEqual(expected.jobs.map((j) => j.id).sort()));
  expect(expected.jobs).toHaveLength(2);
  const stats = await apiGet<JobStatsData>(`/api/v1/jobs/stats?project_id=${project_id}`, user.token);
  expect(stats.total).toBe(2);
  await vi.waitFor(() => expect(text(shadow(el).querySelector('[data-status=total] .stat-value'))).toBe('2'));
  el.removeAttribute('project');
  await vi.waitFor(() => expect(shadow(el).querySelectorAll('[part~=item]')).toHaveLength(3));
  await vi.waitFor(() => expect(text(shadow(el).querySelector('[data-status=total] .stat-value'))).toBe('3'));
});
