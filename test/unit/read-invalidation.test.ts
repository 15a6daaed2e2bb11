import { staleReads } from '../../src/domain/read-invalidation';

// Which held reads a committed write makes stale (src/domain/read-invalidation.ts).

const change = (action: string, objectId = 'x') => ({ action, objectType: action.split('.')[0], objectId });

describe('staleReads', () => {
  it("an entry's write: that entry, every search and count, the checklists and the board; not other entries or projects", () => {
    const stale = staleReads([change('resource.updated', 'e1'), change('resource.published', 'e2')]);
    expect(stale.everything).toBe(false);
    expect([...stale.kinds].sort()).toEqual(['board', 'facets', 'onboarding', 'search']);
    expect([...stale.entries].sort()).toEqual(['e1', 'e2']);
  });

  it.each([
    'sharing_request.created',
    'grant.revoked',
    'exchange.delivered',
    'token.created',
    'user.updated',
    'certificate.issued',
    'calendar.year_set',
  ])('%s: only the checklists and the board', (action) => {
    const stale = staleReads([change(action)]);
    expect({ everything: stale.everything, kinds: [...stale.kinds].sort(), entries: stale.entries.size }).toEqual({
      everything: false,
      kinds: ['board', 'onboarding'],
      entries: 0,
    });
  });

  it.each(['department.updated', 'project.updated', 'registration.filed', 'something.new'])('%s: everything', (action) => {
    expect(staleReads([change('grant.created'), change(action), change('resource.updated')]).everything).toBe(true);
  });

  it.each(['category.created', 'category.renamed', 'category.moved', 'category.deleted'])(
    '%s: every entry read, search and facet count (names and labels), the checklists and the board; not projects',
    (action) => {
      const stale = staleReads([change(action, '101001')]);
      expect({ everything: stale.everything, kinds: [...stale.kinds].sort(), entries: stale.entries.size }).toEqual({
        everything: false,
        kinds: ['board', 'entry', 'facets', 'onboarding', 'search'],
        entries: 0,
      });
    },
  );

  it('resource.deleted: that entry, every search and count', () => {
    const stale = staleReads([change('resource.deleted', 'gone')]);
    expect([...stale.entries]).toEqual(['gone']);
    expect([...stale.kinds].sort()).toEqual(['board', 'facets', 'onboarding', 'search']);
  });

  it('nothing committed: nothing stale', () => {
    expect(staleReads([])).toEqual({ everything: false, kinds: new Set(), entries: new Set() });
  });
});
