/**
 * Answers the messages the background (or popup) sends to this tab (`TabMessages` in
 * src/shared/protocol.ts).
 */
import type { EntityType } from '../core/entities/entity';
import type { Mention } from '../core/matcher/types';
import browser from '../shared/browser';
import type { TabMessage, TabResponses } from '../shared/protocol';
import type { CardData } from './card-data';

export interface TabHandlers {
  entitiesChanged(version: number): void;
  siteToggled(enabled: boolean): void;
  /** This frame's site (page-host.ts): `siteToggled` for another host is not ours. */
  host: string;
  /** Current resolved mentions and the types known for their ids. */
  mentions(): { mentions: readonly Mention[]; types: Readonly<Record<string, EntityType>> };
  data: CardData;
  /** Only the top frame answers `pageMentions`: a tab message reaches every frame and the first answer wins. */
  isTopFrame: boolean;
  /** The keyboard command (src/content/keyboard.ts); the background sends it to the top frame only. */
  nextMention(): Promise<TabResponses['nextMention']>;
  /** `Escape` in another frame of the tab: close a card the pointer opened here. */
  closeCard(): void;
}

function isTabMessage(message: unknown): message is TabMessage {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return type === 'entitiesChanged' || type === 'siteToggled' || type === 'pageMentions' || type === 'nextMention' || type === 'closeCard';
}

/** Entities mentioned on the page with counts, by first-ranked entity, most mentioned first. */
export async function pageMentions(h: TabHandlers): Promise<TabResponses['pageMentions']> {
  const { mentions, types } = h.mentions();
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.ids[0], (counts.get(m.ids[0]) ?? 0) + 1);
  const ids = [...counts.keys()];
  const entities = ids.length > 0 ? await h.data.load(ids) : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const rows = ids.flatMap((id) => {
    const e = byId.get(id);
    if (!e) return []; // deleted since the scan
    return [{ id, name: e.name, type: e.type ?? types[id] ?? 'other', count: counts.get(id) ?? 0 }];
  });
  rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { mentions: rows };
}

/** Start answering; returns the function that stops it. */
export function listenToTab(h: TabHandlers): () => void {
  const listener = (message: unknown): Promise<TabResponses['pageMentions'] | TabResponses['nextMention']> | undefined => {
    if (!isTabMessage(message)) return undefined;
    switch (message.type) {
      case 'entitiesChanged':
        h.entitiesChanged((message as TabMessage<'entitiesChanged'>).version);
        return undefined;
      case 'siteToggled': {
        const toggled = message as TabMessage<'siteToggled'>;
        if (toggled.host === h.host) h.siteToggled(toggled.enabled === true);
        return undefined;
      }
      case 'pageMentions':
        return h.isTopFrame ? pageMentions(h) : undefined;
      case 'nextMention':
        return h.isTopFrame ? h.nextMention() : undefined;
      case 'closeCard':
        h.closeCard();
        return undefined;
    }
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
