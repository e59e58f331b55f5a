import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/HomeView.vue') },
    { path: '/d/:slug', name: 'dashboard', component: () => import('./viewer/DashboardView.vue'), props: true },
    { path: '/d/:slug/edit', name: 'dashboard-edit', component: () => import('./editor/DashboardEditorView.vue'), props: true },
    { path: '/t/:teamId', name: 'team', component: () => import('./views/team/TeamView.vue'), props: true },
    { path: '/invite/:teamId', name: 'invite', component: () => import('./views/team/InviteView.vue'), props: true },
    { path: '/p/:pipelineId', name: 'pipeline', component: () => import('./views/pipeline/PipelineView.vue'), props: true },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
  ],
});
