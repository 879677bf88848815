import type { TFunction } from 'i18next';

/** The name shown for an author: "Deleted user" once the account has been erased. */
export function authorName(t: TFunction, author: { display_name: string; erased?: boolean } | null | undefined): string {
  if (!author) return '';
  if (author.erased || author.display_name === '') return t('common.deletedUser');
  return author.display_name;
}
