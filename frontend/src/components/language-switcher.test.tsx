import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { currentLanguage, setLanguage } from '@/lib/i18n';
import { renderWith } from '@/test/identity';
import { LanguageSwitcher } from './language-switcher';

afterEach(async () => {
  await setLanguage('fi');
  localStorage.clear();
});

const menuButton = () => screen.getByRole('button', { name: 'Kieli: suomi. Vaihda kieli' });

describe('LanguageSwitcher', () => {
  it('opens on the current language, moves with the arrows and closes with Escape back on its button', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    renderWith(<LanguageSwitcher />, { user: null });
    expect(screen.queryByRole('menu')).toBeNull();

    await user.click(menuButton());
    expect(menuButton().getAttribute('aria-expanded')).toBe('true');
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => [i.textContent, i.getAttribute('lang')])).toEqual([
      ['Suomeksi (FI)', 'fi'],
      ['På svenska (SV)', 'sv'],
      ['In English (EN)', 'en'],
    ]);
    expect(document.activeElement).toBe(items[0]);
    expect(items[0].getAttribute('aria-current')).toBe('true');

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(items[1]);
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(items[2]);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(items[0]);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(menuButton());
  });

  it('switches the language and remembers it, from the keyboard', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    renderWith(<LanguageSwitcher />, { user: null });
    menuButton().focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await waitFor(() => expect(currentLanguage()).toBe('sv'));
    expect(localStorage.getItem('siilo.language')).toBe('sv');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('button', { name: /Språk: svenska/ }).textContent).toBe('På svenska (SV)');
  });

  it('closes when the reader clicks elsewhere', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    renderWith(<LanguageSwitcher />, { user: null });
    await user.click(menuButton());
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.click(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
