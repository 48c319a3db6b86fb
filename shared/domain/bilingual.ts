/** Words for people in both languages, Bahasa Indonesia first. */
export interface Bilingual {
  id: string;
  en: string;
}

/** A message for people in both languages, Bahasa Indonesia first, as every message of Jaring is written. */
export const bilingual = (id: string, en: string) => `${id} / ${en}`;
