// The sidebar's views. Hash history, because the packaged app loads index.html from file://.
import { createRouter, createWebHashHistory } from 'vue-router';
import RecommendationsView from './views/RecommendationsView.vue';
import ArenaView from './views/ArenaView.vue';
import RateView from './views/RateView.vue';
import ProfileView from './views/ProfileView.vue';
import SettingsView from './views/SettingsView.vue';
import DiagnosticsView from './views/DiagnosticsView.vue';
import TitleView from './views/TitleView.vue';
import FirstRunView from './views/FirstRunView.vue';
import { FIRST_RUN_PATH, installFirstRunRedirect } from './first-run.ts';

export const views = [
  {
    path: '/recommendations',
    name: 'recommendations',
    label: 'Recommendations',
    icon: '★',
    component: RecommendationsView,
  },
  { path: '/arena', name: 'arena', label: 'Arena', icon: '⇄', component: ArenaView },
  { path: '/rate', name: 'rate', label: 'Rate', icon: '✎', component: RateView },
  { path: '/profile', name: 'profile', label: 'Profile', icon: '☺', component: ProfileView },
  { path: '/settings', name: 'settings', label: 'Settings', icon: '⚙', component: SettingsView },
  { path: '/diagnostics', name: 'diagnostics', label: 'Diagnostics', icon: '◎', component: DiagnosticsView },
] as const;

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/recommendations' },
    ...views.map((v) => ({ path: v.path, name: v.name, component: v.component })),
    // A title's page, opened from the search box (not a sidebar view).
    { path: '/title/:tconst', name: 'title', component: TitleView },
    // The first-run guide: not in the sidebar; a new user is taken there on the first navigation.
    { path: FIRST_RUN_PATH, name: 'welcome', component: FirstRunView },
  ],
});
installFirstRunRedirect(router);
