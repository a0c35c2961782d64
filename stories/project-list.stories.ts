import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Project } from '../widgets/base/types.ts';
import type { ProjectFilters } from '../widgets/project-list/project-list.ts';
import { apiGet, callToActionStory, elementArgs, elementMeta, emptyStory, errorStory, expectShown, fillIn, loadingStory, playOn, pressKey, SLOW, textOf, themeStory } from './story-env.ts';

const items = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part=item]')];
const names = (root: ShadowRoot) => items(root).map((item) => textOf(item.querySelector('[part=name]')));
const firstItem = (root: ShadowRoot) => items(root)[0] ?? null;
/** Until some projects are listed. */
const loaded = (root: ShadowRoot) => waitFor(() => expect(items(root).length).toBeGreaterThan(0), SLOW);
const projectsOf = (query = '') => apiGet<{ projects: Project[]; total: number }>(`/api/v1/projects?limit=30${query}`);

/**
 * `<project-list>` is the user's Projects page (seed 004): every project with its picture, name,
 * app, type, status, jobs and assets counted and when it was last active, as a grid or a list.
 * Search (debounced), filter by status and type, sort by date or name; open (`gs-open`, or links
 * with `href-template`), rename in place, archive, duplicate, and delete with Undo. Only the rows
 * in view are in the DOM; give it a height with `--gs-project-list-height` (a phone scrolls the
 * page instead).
 *
 * Every story reads the real genshelf API (see stories/story-env.ts): the full state is the
 * sample data's user, nine projects across six apps, one archived. No story changes them: the
 * rename and delete stories stop at the API's refusal and at the confirmation.
 */
const meta: Meta = {
  title: 'Elements/project-list',
  component: 'project-list',
  ...elementMeta,
  argTypes: { ...elementMeta.argTypes, view: { control: 'inline-radio', options: ['grid', 'list'] } },
  render: (args, context) => html`<project-list
    style="--gs-project-list-height: 560px"
    ${elementArgs(args, context)}
    view=${args.view ?? nothing}
    href-template=${args['href-template'] ?? nothing}
    search-delay=${args['search-delay'] ?? nothing}
    .filters=${(args.filters as ProjectFilters | undefined) ?? { sort: 'recent' }}
    @gs-open=${args.onGsOpen}
    @gs-error=${args.onGsError}
    >${args.empty ? html`<div slot="empty">${args.empty}</div>` : nothing}</project-list
  >`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('project-list', async ({ root }) => {
    await loaded(root);
  }),
};

/** The grid, the most recently active first (`sort=recent`), as the API lists them; each card's counts are the API's. */
export const Grid: Story = {
  name: 'Grid (full)',
  args: { 'href-template': '#/projects/{id}' },
  play: playOn('project-list', async ({ root }) => {
    const { projects, total } = await projectsOf('&sort=recent');
    expect(projects.length).toBeGreaterThan(3);
    await waitFor(() => expect(names(root)).toEqual(projects.map((p) => p.name)), SLOW);
    items(root).forEach((item, i) => {
      const p = projects[i]!;
      expect(item.dataset.id).toBe(p.id);
      expect(textOf(item.querySelector('[part=counts]'))).toBe(`${p.job_count} ${p.job_count === 1 ? 'job' : 'jobs'} · ${p.asset_count} ${p.asset_count === 1 ? 'asset' : 'assets'}`);
      expect(item.querySelector('a[part=name]')?.getAttribute('href')).toBe(`#/projects/${p.id}`);
    });
    expect(textOf(root.querySelector('.more'))).toBe(`${projects.length} of ${total} projects`);
  }),
};

/** `view="list"`: one project per row, with its counts, status and actions in columns. */
export const List: Story = {
  name: 'List (full)',
  args: { view: 'list' },
  play: playOn('project-list', async ({ el, root }) => {
    await waitFor(() => expect(items(root).length).toBeGreaterThan(1), SLOW);
    expect(el.getAttribute('view')).toBe('list');
    expect(root.querySelector('.view-toggle [aria-pressed=true]')?.getAttribute('aria-label')).toBe('List');
    const [a, b] = items(root);
    expect(b!.getBoundingClientRect().top).toBeGreaterThan(a!.getBoundingClientRect().top);
    expect(b!.getBoundingClientRect().left).toBe(a!.getBoundingClientRect().left);
    for (const item of items(root)) expect(textOf(item.querySelector('[part=status]'))).toMatch(/^(Active|Archived)$/);
  }),
};

/** Started filtered (`filters`): the archived projects only, as the API counts them. */
export const Archived: Story = {
  args: { filters: { status: 'archived', sort: 'newest' } },
  play: playOn('project-list', async ({ root }) => {
    const { projects } = await projectsOf('&status=archived');
    expect(projects.length).toBeGreaterThan(0);
    await waitFor(() => expect(names(root)).toEqual(projects.map((p) => p.name)), SLOW);
    for (const item of items(root)) expect(textOf(item.querySelector('[part=status]'))).toBe('Archived');
    expect(root.querySelector<HTMLSelectElement>('[data-filter=status]')!.value).toBe('archived');
  }),
};

/** Sorted by name, A to Z. */
export const ByName: Story = {
  name: 'Sorted by name',
  args: { filters: { sort: 'name' } },
  play: playOn('project-list', async ({ root }) => {
    const { projects } = await projectsOf('&sort=name');
    await waitFor(() => expect(names(root)).toEqual(projects.map((p) => p.name)), SLOW);
  }),
};

/** Filters that match nothing: says so, and offers Clear filters. */
export const NoMatch: Story = {
  name: 'No match',
  args: { filters: { q: 'no such project', sort: 'newest' } },
  play: playOn('project-list', async ({ root }) => {
    expect(textOf(await expectShown(root, '[part=empty] p'))).toBe('No project matches these filters.');
    expect(textOf(root.querySelector('[part=empty] button'))).toBe('Clear filters');
    expect(root.querySelector<HTMLInputElement>('[part=search]')!.value).toBe('no such project');
  }),
};

/** Rename in place: a blank name is refused by the API (422), and its reason shows at the field. Escape would cancel; nothing is saved. */
export const RenameError: Story = {
  name: 'Rename (field error)',
  play: playOn('project-list', async ({ root }) => {
    await loaded(root);
    const item = firstItem(root)!;
    const before = textOf(item.querySelector('[part=name]'));
    await userEvent.click(item.querySelector<HTMLElement>('.rename-button')!);
    const input = (await expectShown(root, '.rename')) as HTMLInputElement;
    expect(input.value).toBe(before);
    fillIn(input, '');
    pressKey(input, 'Enter');
    const error = await expectShown(root, '.rename-error');
    expect(textOf(error)).not.toBe('');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect((await apiGet<Project>(`/api/v1/projects/${item.dataset.id}`)).name).toBe(before);
  }),
};

/** Delete asks first, naming the jobs and assets that go to the trash with the project (then Undo). Nothing is deleted here. */
export const ConfirmDelete: Story = {
  name: 'Delete (confirmation)',
  play: playOn('project-list', async ({ root }) => {
    await loaded(root);
    const item = firstItem(root)!;
    const p = await apiGet<Project>(`/api/v1/projects/${item.dataset.id}`);
    await userEvent.click(item.querySelector<HTMLElement>('.delete-button')!);
    const dialog = root.querySelector<HTMLDialogElement>('.confirm-dialog')!;
    await waitFor(() => expect(dialog.open).toBe(true), SLOW);
    const jobs = `${p.job_count} ${p.job_count === 1 ? 'job' : 'jobs'}`;
    const assets = `${p.asset_count} ${p.asset_count === 1 ? 'asset' : 'assets'}`;
    expect(textOf(dialog)).toContain(`Delete “${p.name}”? Its ${jobs} and ${assets} move to the trash with it`);
  }),
};

/** Before the first page arrives: skeleton cards, and "Loading projects" for screen readers. */
export const Loading: Story = {
  ...loadingStory('project-list', ({ root }) => {
    expect(root.querySelectorAll('.skeletons .skeleton').length).toBeGreaterThan(0);
    expect(textOf(root.querySelector('.skeletons + [role=status]'))).toBe('Loading projects');
    expect(items(root)).toHaveLength(0);
  }),
};

/** No projects yet (a fresh anonymous session): a picture, a title and where projects come from. */
export const Empty: Story = {
  ...emptyStory('project-list', async ({ root }) => {
    await expectShown(root, '[part=empty]');
    expect(textOf(root.querySelector('[part=empty] h3'))).toBe('No projects yet');
    expect(textOf(root.querySelector('[part=empty] p'))).toBe('Projects appear here as you generate in any app.');
  }),
};

/** The same, with the host's call to action in the `empty` slot. */
export const EmptyWithCallToAction: Story = { ...callToActionStory('project-list', 'Start a project in Brand Studio →') };

/** The API refused the token (401): a message and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('project-list', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your projects.');
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'project-list', firstItem, loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'project-list', firstItem, loaded) };
