/** The entity interchange format (CONTRACT §2): import, export, merge. See docs/interchange.md. */
export * from './entity';
export { parseEntityFile, type ParseOptions, type ParseResult } from './parse';
export { exportJson, toInterchange, FORMAT, FORMAT_VERSION } from './export';
export { exportCsv, CSV_COLUMNS } from './csv';
export { mergeImported, mergeNotes, NOTES_SEPARATOR } from './merge';
export { slugify, uniqueIdFor, IdAllocator } from './slug';
export { expiresInMs, DEFAULT_EXPIRES_MS, type ListHeader } from './header';
export { presentFieldsOf, type PresentFields, type KnownEntityField } from './normalize';
export { decodeText } from './decode';
export { EntityInputSchema, EntityFileSchema, LinkSchema, isIsoDate } from './schema';
