/**
 * The values the merge works on. A `Version` is one copy of an entity (this device's, the
 * server's, or the last one both agreed on) with a hybrid logical clock per field.
 */
import type { Entity } from '../entities/entity';
import type { Hlc } from './hlc';

/** An entity as sync sees it: soft deletion is a field like any other (CONTRACT §4). */
export interface SyncedEntity extends Entity {
  deleted?: boolean;
  /** ISO time of the deletion, while `deleted`. */
  deletedAt?: string;
}

/** The set-valued fields; links are keyed by URL. */
export const SET_FIELDS = ['aliases', 'tags', 'links'] as const;
export type SetField = (typeof SET_FIELDS)[number];

/** Elements removed from each set, kept on the server so a copy that never saw the element's base still learns of the removal. */
export type Removals = Partial<Record<SetField, string[]>>;

/** Every field that carries its own clock. `updatedAt` does not: it is the latest of both. */
export const CLOCKED_FIELDS = ['name', 'type', 'summary', 'guard', 'extra', 'conflict', 'aliases', 'tags', 'links', 'notes', 'deleted'] as const;
export type ClockedField = (typeof CLOCKED_FIELDS)[number];

export type Clock = Record<string, Hlc>;

export interface Version {
  entity: SyncedEntity;
  clock: Clock;
  removed?: Removals;
  /** Who last wrote this copy (the server's `sync.by`), for conflict labels. */
  by?: string;
}
