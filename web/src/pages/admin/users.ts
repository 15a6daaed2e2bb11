import type { components } from '@contract';
import { api, must, withEtag } from '../../api/client';

export type User = components['schemas']['User'];
export type UserUpdate = components['schemas']['UserUpdate'];
export type Role = components['schemas']['Role'];

export const ROLES: Role[] = ['producer', 'consumer', 'bureau', 'auditor'];

/** Changes a user as read just now (its ETag for If-Match). */
export async function updateUser(userId: string, change: UserUpdate): Promise<User> {
  const { etag } = await withEtag(api.GET('/api/v1/users/{userId}', { params: { path: { userId } } }));
  return must(api.PATCH('/api/v1/users/{userId}', { params: { path: { userId }, header: { 'If-Match': etag } }, body: change }));
}

export const PASSWORD_RULE = '至少 10 个字符，须包含字母和数字，不能与登录名相同';
