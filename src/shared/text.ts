/** A message or label in both of the platform's languages. */
export interface Text {
  zh: string;
  en: string;
}
