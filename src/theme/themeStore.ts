import { useLocalStorage } from '@vueuse/core';
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ThemePreference = 'system' | 'light' | 'dark';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

/**
 * What `<html data-theme>` is: a page's own theme (kiosk mode's dark
 * default, or its `theme=` parameter) wins over the device's choice; with
 * neither, nothing, and base.css follows the system setting.
 */
export function themeAttribute(preference: ThemePreference, pageTheme: 'light' | 'dark' | null): 'light' | 'dark' | null {
  return pageTheme ?? (preference === 'system' ? null : preference);
}

/** The theme: the device's choice (kept in localStorage) and the open page's own, if any. */
export const useThemeStore = defineStore('theme', () => {
  const preference = useLocalStorage<ThemePreference>('dash-theme', 'system', {
    serializer: { read: (v) => (THEME_PREFERENCES.includes(v as ThemePreference) ? (v as ThemePreference) : 'system'), write: (v) => v },
  });
  const pageTheme = ref<'light' | 'dark' | null>(null);
  return { preference, pageTheme };
});
