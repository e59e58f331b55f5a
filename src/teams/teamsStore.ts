import {
  collection,
  doc,
  getDocs,
  query,
  serverTimestamp,
  where,
  writeBatch,
} from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { db } from '../firebase.ts';
import { useAuthStore } from '../account/authStore.ts';
import { watchMemberships, type Membership } from '../data/members.ts';
import { TEXT_LIMITS, type Role, type Team } from '../../contract/index.ts';
import { addTeam, setTeamName, watchTeam } from '../data/teams.ts';
import { canEditRole } from './memberRules.ts';

export function teamNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'A team needs a name.';
  if (n.length > TEXT_LIMITS.teamName) return `A team name has at most ${TEXT_LIMITS.teamName} characters.`;
  return null;
}

/**
 * The signed-in user's teams: their member docs across all teams
 * (`collectionGroup('members')` where `uid` is theirs) and each team's doc, live.
 */
export const useTeamsStore = defineStore('teams', () => {
  const authStore = useAuthStore();
  const memberships = ref<Membership[]>([]);
  const teams = ref<Record<string, Team>>({});
  const pending = ref(true);
  const error = ref<string | null>(null);
  let stopMembers: (() => void) | null = null;
  const teamStops = new Map<string, () => void>();

  function stopAll(): void {
    stopMembers?.();
    stopMembers = null;
    for (const stop of teamStops.values()) stop();
    teamStops.clear();
  }

  function followTeams(ids: string[]): void {
    for (const [id, stop] of teamStops) {
      if (ids.includes(id)) continue;
      stop();
      teamStops.delete(id);
      delete teams.value[id];
    }
    for (const id of ids) {
      if (teamStops.has(id)) continue;
      teamStops.set(
        id,
        watchTeam(
          id,
          (team) => {
            if (team) teams.value[id] = team;
            else delete teams.value[id];
          },
          // Denied: removed, team deleted, or asked before the membership reached the server. Forget
          // the listener so that the next membership snapshot attaches it again.
          () => {
            teamStops.delete(id);
            delete teams.value[id];
          },
        ),
      );
    }
  }

  watch(
    () => authStore.uid,
    (uid) => {
      stopAll();
      memberships.value = [];
      teams.value = {};
      error.value = null;
      pending.value = uid !== null;
      if (!uid) return;
      stopMembers = watchMemberships(
        uid,
        (list) => {
          memberships.value = list;
          // The rules read the membership on the server: a team is readable once it is there.
          followTeams(list.filter((m) => m.saved).map((m) => m.teamId));
          pending.value = false;
        },
        (err) => {
          error.value = err.message;
          pending.value = false;
        },
      );
    },
    { immediate: true },
  );
  onScopeDispose(stopAll);

  /** Teams with the user's role, by name. */
  const list = computed(() =>
    memberships.value
      .map((m) => ({ ...m, team: teams.value[m.teamId] }))
      .filter((m): m is Membership & { team: Team } => m.team !== undefined)
      .sort((a, b) => a.team.name.localeCompare(b.team.name)),
  );

  function roleOf(teamId: string | null | undefined): Role | null {
    return memberships.value.find((m) => m.teamId === teamId)?.role ?? null;
  }

  /** Creates a team with the user as its owner, in one batch as the rules require. */
  async function createTeam(name: string): Promise<string> {
    const user = authStore.user;
    if (!user) throw new Error('Sign in to create a team.');
    const nameError = teamNameError(name);
    if (nameError) throw new Error(nameError);
    return addTeam(name.trim(), { uid: user.uid, email: user.email });
  }

  async function renameTeam(teamId: string, name: string): Promise<void> {
    const nameError = teamNameError(name);
    if (nameError) throw new Error(nameError);
    await setTeamName(teamId, name.trim());
  }

  /**
   * Resolves once the user's membership of the team is gone: the backend's
   * cascade deletes members last, so this is when a deleted team's data is gone.
   */
  function whenMembershipGone(teamId: string): Promise<void> {
    return new Promise((resolve) => {
      const stop = watch(
        () => memberships.value.some((m) => m.teamId === teamId),
        (present) => {
          if (present) return;
          queueMicrotask(() => stop());
          resolve();
        },
        { immediate: true },
      );
    });
  }

  return { memberships, teams, list, pending, error, roleOf, createTeam, renameTeam, whenMembershipGone };
});

/** True when the signed-in user may edit the team's dashboards, widgets and pipelines (owner or editor). */
export function useCanEdit(teamId: MaybeRefOrGetter<string | null | undefined>): ComputedRef<boolean> {
  const store = useTeamsStore();
  return computed(() => canEditRole(store.roleOf(toValue(teamId))));
}

/** The signed-in user's role in the team, or null when they are not a member. */
export function useRole(teamId: MaybeRefOrGetter<string | null | undefined>): ComputedRef<Role | null> {
  const store = useTeamsStore();
  return computed(() => store.roleOf(toValue(teamId)));
}

/** What deleting a team takes with it, to name in the confirmation. */
export interface TeamContents {
  dashboards: { id: string; slug: string; title: string }[];
  pipelines: { id: string; name: string }[];
  invites: string[];
  members: string[];
}

export async function teamContents(teamId: string): Promise<TeamContents> {
  const [dashboards, pipelines, invites, members] = await Promise.all([
    getDocs(query(collection(db, 'dashboards'), where('teamId', '==', teamId))),
    getDocs(query(collection(db, 'pipelines'), where('teamId', '==', teamId))),
    getDocs(collection(db, 'teams', teamId, 'invites')),
    getDocs(collection(db, 'teams', teamId, 'members')),
  ]);
  return {
    dashboards: dashboards.docs.map((d) => ({ id: d.id, slug: d.get('slug') as string, title: d.get('title') as string })),
    pipelines: pipelines.docs.map((d) => ({ id: d.id, name: d.get('name') as string })),
    invites: invites.docs.map((d) => d.id),
    members: members.docs.map((d) => d.id),
  };
}

/**
 * Deletes a team as the contract (1.1) requires: its tombstone and the team
 * document in one batch, so that nobody can found the id again. From then on
 * no role in it grants anything; the backend's cascade deletes the rest
 * (dashboards with their widgets and slugs, pipelines with their records,
 * invites, alert channels, members last). Resolves once the batch is committed.
 */
export async function deleteTeam(teamId: string, ownUid: string): Promise<void> {
  const batch = writeBatch(db);
  batch.set(doc(db, 'deletedTeams', teamId), { deletedAt: serverTimestamp(), deletedBy: ownUid });
  batch.delete(doc(db, 'teams', teamId));
  await batch.commit();
}
