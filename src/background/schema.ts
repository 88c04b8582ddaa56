/**
 * Reading stored state defensively: storage written by an older version, or damaged, must not
 * crash the worker or show wrong figures. Pure: takes what storage.local returned, gives back a
 * well-formed state plus what had to be done about it.
 */
import {
  DEFAULT_SETTINGS,
  INITIAL_SCHEDULE,
  INITIAL_STATE,
  SCHEMA_VERSION,
  SETTINGS_BOUNDS,
  type ScheduleState,
  type Session,
  type Settings,
  type StoredState,
} from '../state';

export type Repair = 'fresh' | 'current' | 'migrated' | 'reset';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function clamp(v: unknown, bounds: { min: number; max: number }, fallback: number): number {
  return isNumber(v) ? Math.min(bounds.max, Math.max(bounds.min, Math.round(v))) : fallback;
}

export function sanitizeSettings(raw: unknown): Settings {
  const r = isRecord(raw) ? raw : {};
  const amberPercent = clamp(r.amberPercent, SETTINGS_BOUNDS.amberPercent, DEFAULT_SETTINGS.amberPercent);
  let redPercent = clamp(r.redPercent, SETTINGS_BOUNDS.redPercent, DEFAULT_SETTINGS.redPercent);
  if (redPercent >= amberPercent) redPercent = Math.max(0, amberPercent - 1);
  return {
    pollIntervalMinutes: clamp(
      r.pollIntervalMinutes,
      SETTINGS_BOUNDS.pollIntervalMinutes,
      DEFAULT_SETTINGS.pollIntervalMinutes,
    ),
    amberPercent,
    redPercent,
    notifications: typeof r.notifications === 'boolean' ? r.notifications : DEFAULT_SETTINGS.notifications,
  };
}

function isAccount(v: unknown): boolean {
  return isRecord(v) && typeof v.nsid === 'string' && typeof v.username === 'string' && typeof v.fullname === 'string';
}

function sanitizeSession(raw: unknown): Session | null {
  if (!isRecord(raw)) return null;
  switch (raw.state) {
    case 'signed-out':
      return { state: 'signed-out' };
    case 'signing-in': {
      if (!isNumber(raw.since)) return null;
      const previous = sanitizeSession(raw.previous);
      return previous?.state === 'signed-in' || previous?.state === 'revoked'
        ? { state: 'signing-in', since: raw.since, previous }
        : { state: 'signing-in', since: raw.since };
    }
    case 'signed-in':
    case 'revoked':
      return isAccount(raw.account) ? (raw as Session) : null;
    default:
      return null;
  }
}

function isDated(v: unknown, check: (value: Record<string, unknown>) => boolean): boolean {
  return isRecord(v) && isNumber(v.fetchedAt) && isRecord(v.value) && check(v.value);
}

const looksLikeStatus = (s: Record<string, unknown>) =>
  typeof s.nsid === 'string' && isRecord(s.bandwidth) && isNumber(s.photoMaxBytes) && isRecord(s.videoAllowance);
const looksLikeLimits = (l: Record<string, unknown>) => typeof l.nsid === 'string';

/** Turns whatever storage.local held into a valid state. */
export function sanitizeState(raw: Record<string, unknown>): { state: StoredState; repair: Repair } {
  if (Object.keys(raw).length === 0) return { state: INITIAL_STATE, repair: 'fresh' };
  const version = raw.schemaVersion;
  if (isNumber(version) && version > SCHEMA_VERSION) {
    // Written by a newer version (downgrade): start clean rather than misread it.
    return { state: INITIAL_STATE, repair: 'reset' };
  }
  let damaged = false;
  const pick = <T>(value: T | null, fallback: T): T => {
    if (value === null) {
      damaged = true;
      return fallback;
    }
    return value;
  };
  const session = raw.session === undefined ? INITIAL_STATE.session : pick(sanitizeSession(raw.session), INITIAL_STATE.session);
  const status =
    raw.status === undefined || raw.status === null
      ? null
      : pick(isDated(raw.status, looksLikeStatus) ? (raw.status as StoredState['status']) : null, null);
  const limits =
    raw.limits === undefined || raw.limits === null
      ? null
      : pick(isDated(raw.limits, looksLikeLimits) ? (raw.limits as StoredState['limits']) : null, null);
  const credentialSource =
    raw.credentialSource === 'options' || raw.credentialSource === 'build' ? raw.credentialSource : 'none';
  const state: StoredState = {
    schemaVersion: SCHEMA_VERSION,
    settings: sanitizeSettings(raw.settings),
    session,
    credentialSource,
    status,
    limits,
    lastAttempt: isRecord(raw.lastAttempt) && isNumber(raw.lastAttempt.at) ? (raw.lastAttempt as StoredState['lastAttempt']) : null,
    nextPollAt: isNumber(raw.nextPollAt) ? raw.nextPollAt : null,
    refreshing: false,
    notice:
      isRecord(raw.notice) && raw.notice.kind === 'storage-reset' && isNumber(raw.notice.at)
        ? { kind: 'storage-reset', at: raw.notice.at }
        : null,
  };
  const repair: Repair = damaged ? 'reset' : version === SCHEMA_VERSION ? 'current' : 'migrated';
  return { state, repair };
}

export function sanitizeSchedule(raw: unknown): ScheduleState {
  if (!isRecord(raw)) return INITIAL_SCHEDULE;
  const numbers = (v: unknown) => (Array.isArray(v) ? v.filter(isNumber) : []);
  return {
    callLog: numbers(raw.callLog).slice(-100),
    consecutiveFailures: isNumber(raw.consecutiveFailures) ? Math.max(0, Math.floor(raw.consecutiveFailures)) : 0,
    notBefore: isNumber(raw.notBefore) ? raw.notBefore : null,
    hardNotBefore: isNumber(raw.hardNotBefore) ? raw.hardNotBefore : null,
    notified: Array.isArray(raw.notified) ? raw.notified.filter((v): v is string => typeof v === 'string') : [],
  };
}
