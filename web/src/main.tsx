// Entry point: restores a session from sessionStorage (checking the token with the center), then
// renders the console.
import { render } from 'preact';
import { App } from './app';
import { getJson } from './api';
import { signIn, signOut, token, type SystemInfo } from './session';
import './styles.css';

async function restore(): Promise<void> {
  if (!token.value) return;
  try {
    signIn(token.value, await getJson<SystemInfo>('/system'));
  } catch (e) {
    signOut(`Please sign in again: ${(e as Error).message}`);
  }
}

restore().finally(() => render(<App />, document.getElementById('app')!));
