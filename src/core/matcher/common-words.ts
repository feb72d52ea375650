export const COMMON_WORDS = "of reading mobile march";
