// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { themeAttribute, useThemeStore } from '../../src/theme/themeStore.ts';

describe('theme', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it("follows the system unless the device chose, and a page's own theme (kiosk) wins over both", () => {
    expect(themeAttribute('system', null)).toBeNull();
    expect(themeAttribute('light', null)).toBe('light');
    expect(themeAttribute('dark', null)).toBe('dark');
    expect(themeAttribute('light', 'dark')).toBe('dark');
    expect(themeAttribute('system', 'light')).toBe('light');
  });

  it("keeps the device's choice across page loads, and reads a bad stored value as the system's", async () => {
    const store = useThemeStore();
    expect(store.preference).toBe('system');
    store.preference = 'dark';
    await nextTick();
    expect(localStorage.getItem('dash-theme')).toBe('dark');
    setActivePinia(createPinia());
    expect(useThemeStore().preference).toBe('dark');
    localStorage.setItem('dash-theme', 'purple');
    setActivePinia(createPinia());
    expect(useThemeStore().preference).toBe('system');
  });
});
