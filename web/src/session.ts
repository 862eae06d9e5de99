// Who is signed in: the API token (kept in sessionStorage, so it ends with the tab), the caller's
// name and role, and the edition, all from GET /api/v1/system.
import { computed, signal } from '@preact/signals';

export type Role = 'viewer' | 'operator' | 'admin';

export interface SystemInfo {
  version: string;
  caller: { name: string; role: Role };
  edition: 'enterprise' | 'ultimate';
  editionDetail: string;
  queue: { queued: number; running: number };
  database: { builtAt: string };
}

const kTokenKey = 'moat.token';

export const token = signal<string>(sessionStorage.getItem(kTokenKey) ?? '');
export const system = signal<SystemInfo | null>(null);
export const signOutReason = signal<string>('');

const kRank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

// Whether the signed-in role may do what `needed` may.
export function can(needed: Role): boolean {
  const role = system.value?.caller.role;
  return role !== undefined && kRank[role] >= kRank[needed];
}

export const isUltimate = computed(() => system.value?.edition === 'ultimate');

export function signIn(newToken: string, info: SystemInfo): void {
  sessionStorage.setItem(kTokenKey, newToken);
  token.value = newToken;
  system.value = info;
  signOutReason.value = '';
}

export function signOut(reason = ''): void {
  sessionStorage.removeItem(kTokenKey);
  token.value = '';
  system.value = null;
  signOutReason.value = reason;
}
