import { describe, expect, it } from 'vitest';
import { assetDownloadFilter, downloadFilter, filterKey, filterQuery, isFiltered } from './list-filter.ts';

describe('the list filter vocabulary', () => {
  it('one filter becomes the URL query, the download body and a stable key', () => {
    const filter = { sort: 'oldest', q: '  boats ', status: ['queued', 'processing'], app: 'video-mixer', kind: 'video' as const, favorite: true };
    expect(filterQuery(filter).toString()).toBe('status=queued%2Cprocessing&app=video-mixer&kind=video&q=boats&favorite=true&sort=oldest');
    expect(downloadFilter(filter)).toEqual({ status: ['queued', 'processing'], app: 'video-mixer', kind: 'video', q: 'boats' });
    expect(filterKey({ app: 'video-mixer', sort: 'oldest' })).toBe(filterKey({ sort: 'oldest', app: 'video-mixer', q: '', status: '' }));
  });

  it('empty values are left out; a single status string works as a list of one', () => {
    expect(filterQuery({ app: '', status: '', kind: '', q: '   ', sort: 'newest' }).toString()).toBe('sort=newest');
    expect(downloadFilter({ status: 'failed' })).toEqual({ status: ['failed'] });
    expect(isFiltered({ sort: 'name' })).toBe(false);
    expect(isFiltered({ sort: 'name', q: 'x' })).toBe(true);
  });

  it("the gallery's filter becomes the downloads' asset_filter (no sort, no job-only keys)", () => {
    expect(assetDownloadFilter({ kind: 'text', q: ' mug ', favorite: true, project_id: 'p1', sort: 'oldest', status: 'failed', app: 'x' })).toEqual({ kind: 'text', q: 'mug', favorite: true, project_id: 'p1' });
    expect(assetDownloadFilter({ kind: '', q: '  ', favorite: false })).toEqual({ favorite: false });
  });
});
