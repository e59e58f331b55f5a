import { createRouter, createWebHistory } from 'vue-router';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./teams/HomeView.vue') },
    { path: '/d/:slug', name: 'dashboard', component: () => import('./viewer/DashboardView.vue'), props: true },
    { path: '/d/:slug/edit', name: 'dashboard-edit', component: () => import('./editor/DashboardEditorView.vue'), props: true },
    { path: '/t/:teamId', name: 'team', component: () => import('./teams/TeamView.vue'), props: true },
    { path: '/invite/:teamId', name: 'invite', component: () => import('./teams/InviteView.vue'), props: true },
    { path: '/p/:pipelineId', name: 'pipeline', component: () => import('./pipelines/PipelineView.vue'), props: true },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
  ],
});
