import { issueSession, localPath, sessionAccess, SESSION_TTL_MS } from '@lenet-lab/auth';

const keys = { admin: ['admin-key'], read: ['read-key'] };
const NOW = 1_800_000_000_000;

describe('A browser session', () => {
  it('carries the level of the key that signed in', () => {
    expect(sessionAccess(issueSession('admin-key', 'admin', NOW), keys, NOW)).toBe('admin');
    expect(sessionAccess(issueSession('read-key', 'read', NOW), keys, NOW)).toBe('read');
  });

  it('is not admin when a read key signed it, even if that key were an admin key too', () => {
    const both = { admin: ['shared-key'], read: ['shared-key'] };
    expect(sessionAccess(issueSession('shared-key', 'read', NOW), both, NOW)).toBe('read');
    expect(sessionAccess(issueSession('read-key', 'admin', NOW), keys, NOW)).toBeNull();
  });

  it('ends when it expires or its key is removed', () => {
    const session = issueSession('read-key', 'read', NOW);
    expect(sessionAccess(session, keys, NOW + SESSION_TTL_MS)).toBeNull();
    expect(sessionAccess(session, { admin: keys.admin, read: [] }, NOW)).toBeNull();
  });
});

describe('The page a sign-in returns to', () => {
  it.each(['/', '/ablations/1?x=2', '/admin/queues'])('may be %s', (path) => {
    expect(localPath(path)).toBe(path);
  });

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'ablations', '/a b', ''])(
    'is never %p',
    (path) => {
      expect(localPath(path)).toBeUndefined();
    },
  );
});
