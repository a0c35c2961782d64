import { expect } from '@open-wc/testing';
import { assetDownloadFilter, downloadFilter, filterKey, filterQuery, isFiltered } from './list-filter.ts';

describe('the list filter vocabulary', () => {
  it('one filter becomes the URL query, the download body and a stable key', () => {
    const filter = { sort: 'oldest', q: '  boats ', status: ['queued', 'processing'], app: 'video-mixer', kind: 'video' as const, favorite: true };
    expect(filterQuery(filter).toString()).to.equal('status=queued%2Cprocessing&app=video-mixer&kind=video&q=boats&favorite=true&sort=oldest');
    expect(downloadFilter(filter)).to.deep.equal({ status: ['queued', 'processing'], app: 'video-mixer', kind: 'video', q: 'boats' });
    expect(filterKey({ app: 'video-mixer', sort: 'oldest' })).to.equal(filterKey({ sort: 'oldest', app: 'video-mixer', q: '', status: '' }));
  });

  it('empty values are left out; a single status string works as a list of one', () => {
    expect(filterQuery({ app: '', status: '', kind: '', q: '   ', sort: 'newest' }).toString()).to.equal('sort=newest');
    expect(downloadFilter({ status: 'failed' })).to.deep.equal({ status: ['failed'] });
    expect(isFiltered({ sort: 'name' })).to.equal(false);
    expect(isFiltered({ sort: 'name', q: 'x' })).to.equal(true);
  });

  it("the gallery's filter becomes the downloads' asset_filter (no sort, no job-only keys)", () => {
    expect(assetDownloadFilter({ kind: 'text', q: ' mug ', favorite: true, project_id: 'p1', sort: 'oldest', status: 'failed', app: 'x' })).to.deep.equal({ kind: 'text', q: 'mug', favorite: true, project_id: 'p1' });
    expect(assetDownloadFilter({ kind: '', q: '  ', favorite: false })).to.deep.equal({ favorite: false });
  });
});
